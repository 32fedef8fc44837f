import test from "ava";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SINGLE_WRITE_MAX_BYTES, writeFileAtomic, writeStreamAtomic } from "../../render/write/atomic.js";
import { OutputError } from "../../render/errors.js";

test("a producer failing halfway leaves neither the file nor a temp file", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "memscope-atomic-"));
  const target = join(dir, "x_snapshot.json");
  function* pieces(): Generator<string> {
    for (let i = 0; i < 5000; i++) yield "x".repeat(1000);
    throw new Error("producer broke");
  }
  await t.throwsAsync(writeStreamAtomic(target, pieces()), { instanceOf: OutputError, message: /producer broke/ });
  t.deepEqual(await readdir(dir), []);
});

test("a failed write keeps the previous complete file in place", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "memscope-atomic-"));
  const target = join(dir, "report.svg");
  await writeFileAtomic(target, "<svg/>");
  function* broken(): Generator<string> {
    yield "<svg>";
    throw new Error("disk went away");
  }
  await t.throwsAsync(writeStreamAtomic(target, broken()), { instanceOf: OutputError });
  t.is(await readFile(target, "utf8"), "<svg/>");
  t.deepEqual(await readdir(dir), ["report.svg"]);
});

test("writing into a path whose parent is a file fails with a one-line OutputError", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "memscope-atomic-"));
  await writeFile(join(dir, "file"), "x");
  const error = await t.throwsAsync(writeFileAtomic(join(dir, "file", "a.svg"), "<svg/>"), { instanceOf: OutputError });
  t.false(error!.message.includes("\n"));
  t.false(existsSync(join(dir, "file", "a.svg")));
});

function* mixedPieces(): Generator<string | Buffer> {
  yield "{\n";
  for (let i = 0; i < 300; i++) yield `{"i":${i},"name":"naïve ✓ ${"é".repeat(i % 7)}"},\n`;
  yield Buffer.from("copied bytes \u00e9\n", "utf8");
  yield Buffer.alloc(0);
  for (let i = 0; i < 50; i++) yield `"k${i}":[1,2,3]\n`;
  yield "}\n";
}

test("one write (small document) and the stream (larger than the limit) give the same bytes", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "memscope-atomic-"));
  const expected = Buffer.concat([...mixedPieces()].map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : p)));
  for (const limit of [SINGLE_WRITE_MAX_BYTES, 1 << 20, 1000, 10, 0]) {
    const target = join(dir, `x-${limit}.json`);
    await writeStreamAtomic(target, mixedPieces(), limit);
    t.true((await readFile(target)).equals(expected), `limit ${limit}`);
  }
  t.is((await readdir(dir)).length, 5);
});

test("a producer failing after the first gathered bytes went to the stream leaves no file", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "memscope-atomic-"));
  function* pieces(): Generator<string | Buffer> {
    yield* mixedPieces();
    throw new Error("producer broke late");
  }
  await t.throwsAsync(writeStreamAtomic(join(dir, "x.json"), pieces(), 100), { instanceOf: OutputError, message: /producer broke late/ });
  t.deepEqual(await readdir(dir), []);
});
