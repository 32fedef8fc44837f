import test from "ava";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic, writeStreamAtomic } from "../../render/atomic.js";
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
