import test from "ava";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonLinesError, jsonLines, readJsonLines, readJsonLinesWithRange } from "../../render/read/json-lines.js";

async function file(content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "memscope-jsonl-"));
  const path = join(dir, "doc.json");
  await writeFile(path, content);
  return path;
}

const documentWith = (count: number): Record<string, unknown> => ({
  metadata: { format_version: 1, name: "a\nb ] \"}" },
  allocations: Array.from({ length: count }, (_, i) => ({ id: i, variable_name: `v${i}]\n,{`, size_history: [[1, 2]] })),
  after: [1, 2, 3],
});

for (const chunk of [5, 64, 4096, 1 << 20]) {
  test(`reads the line layout back exactly with ${chunk}-byte chunks`, async (t) => {
    for (const count of [0, 1, 2, 300]) {
      const document = documentWith(count);
      const path = await file([...jsonLines(document, ["metadata", "allocations"])].join(""));
      t.deepEqual(await readJsonLines(path, chunk), document);
    }
  });
}

test("the allocations array is opened, filled one record per line, and closed on its own lines", (t) => {
  const text = [...jsonLines(documentWith(2), ["metadata", "allocations"])].join("");
  const lines = text.split("\n");
  t.is(lines[2], '"allocations":[');
  t.true(lines[3]!.startsWith('{"id":0') && lines[3]!.endsWith(","));
  t.true(lines[4]!.startsWith('{"id":1') && lines[4]!.endsWith("}"));
  t.is(lines[5], "],");
});

test("any other JSON layout is read as a whole", async (t) => {
  const document = documentWith(3);
  t.deepEqual(await readJsonLines(await file(JSON.stringify(document))), document);
  t.deepEqual(await readJsonLines(await file(JSON.stringify(document, null, 2))), document);
});

test("record lines laid out with CRLF or extra blank lines still parse", async (t) => {
  const path = await file('{\r\n"allocations":[\r\n{"id":1},\r\n\r\n{"id":2}\r\n],\r\n"x":1\r\n}\r\n');
  t.deepEqual(await readJsonLines(path, 7), { allocations: [{ id: 1 }, { id: 2 }], x: 1 });
});

test("truncation inside the array, a cut-off tail and garbage are told apart", async (t) => {
  const text = [...jsonLines(documentWith(50), ["metadata", "allocations"])].join("");
  const inArray = await t.throwsAsync(readJsonLines(await file(text.slice(0, text.length / 2)), 64), { instanceOf: JsonLinesError });
  t.is(inArray?.reason, "truncated");
  const tail = await t.throwsAsync(readJsonLines(await file(text.slice(0, text.length - 4))), { instanceOf: JsonLinesError });
  t.is(tail?.reason, "truncated");
  const garbage = await t.throwsAsync(readJsonLines(await file('{\n"allocations":[\n{"id":1},\nnot json\n]\n}\n')), { instanceOf: JsonLinesError });
  t.is(garbage?.reason, "not-json");
  t.regex(garbage!.message, /line 4/);
});

test("the runtime's layout (sections on the first line, leading commas, `]}` close) reads the same", async (t) => {
  const document = documentWith(120);
  const { allocations, ...head } = document as { allocations: unknown[] };
  const headText = JSON.stringify(head);
  const text =
    headText.slice(0, -1) +
    ',"allocations":[\n' +
    allocations.map((a, i) => (i === 0 ? JSON.stringify(a) : `,\n${JSON.stringify(a)}`)).join("") +
    "\n]}\n";
  for (const chunk of [3, 50, 1 << 20]) {
    const read = await readJsonLines(await file(text), chunk);
    t.deepEqual(read, { ...head, allocations });
  }
  const empty = await readJsonLines(await file(headText.slice(0, -1) + ',"allocations":[\n\n]}\n'));
  t.deepEqual(empty, { ...head, allocations: [] });
});

test("the record lines' byte range is reported and copying it reproduces the document", async (t) => {
  const document = documentWith(200);
  (document["allocations"] as Array<Record<string, unknown>>)[7]!["variable_name"] = "naïve ✓ 日本語 😀 ]";
  const { allocations, ...head } = document as { allocations: unknown[] };
  const runtimeLayout =
    JSON.stringify(head).slice(0, -1) + ',"allocations":[\n' + allocations.map((a, i) => (i ? `,\n${JSON.stringify(a)}` : JSON.stringify(a))).join("") + "\n]}\n";
  const ownLayout = [...jsonLines(document, ["metadata", "allocations"])].join("");
  for (const text of [runtimeLayout, ownLayout]) {
    const path = await file(text);
    for (const chunk of [7, 4096]) {
      const read = await readJsonLinesWithRange(path, chunk);
      t.deepEqual(read.document, document);
      t.truthy(read.streamed);
      const copied = Buffer.concat(
        [...jsonLines(read.document, ["metadata", "allocations"], { path, range: read.streamed! })].map((p) => (typeof p === "string" ? Buffer.from(p) : p)),
      ).toString("utf8");
      t.deepEqual(JSON.parse(copied), document);
    }
  }
});

test("no byte range when the records were not cleanly laid out, or for plain JSON", async (t) => {
  const messy = await readJsonLinesWithRange(await file('{\n"allocations":[\n{"id":1},\n,{"id":2}\n],\n"x":1\n}\n'));
  t.deepEqual(messy.document, { allocations: [{ id: 1 }, { id: 2 }], x: 1 });
  t.is(messy.streamed, null);
  const plain = await readJsonLinesWithRange(await file(JSON.stringify({ allocations: [{ id: 1 }] })));
  t.is(plain.streamed, null);
});

for (const device of ["/dev/zero", "/dev/urandom"]) {
  test(`${device} is refused at once with one line, not read until memory runs out`, async (t) => {
    const error = await t.throwsAsync(readJsonLines(device), { instanceOf: JsonLinesError });
    t.is(error!.message, "a character device, not a regular file or a pipe");
  });
}

test("a pipe is read (memscope summary /dev/stdin)", async (t) => {
  const { spawnSync } = await import("node:child_process");
  const document = documentWith(3);
  const text = [...jsonLines(document, ["metadata", "allocations"])].join("");
  const script = `import("${new URL("../../render/read/json-lines.js", import.meta.url).href}").then(async (m) => process.stdout.write(JSON.stringify(await m.readJsonLines("/dev/stdin", 16))))`;
  // A shell pipe (a FIFO): Node's own stdio pipes are socket pairs, which /dev/stdin cannot open.
  const path = await file(text);
  const r = spawnSync("sh", ["-c", 'cat "$1" | "$2" -e "$3"', "sh", path, process.execPath, script], { encoding: "utf8" });
  t.is(r.status, 0, r.stderr);
  t.deepEqual(JSON.parse(r.stdout), document);
});
