import test from "ava";
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { XMLValidator } from "fast-xml-parser";
import { generateRaw, writeRawFile } from "./generate-raw.js";

const CHILD = fileURLToPath(new URL("../../render/export-child.js", import.meta.url));
const RECORDS = 1_000_000;

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return lines;
}

test("1,000,000 records: the export child writes every record and two SVGs under 2 MB", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "memscope-scale-"));
  try {
    const raw = join(dir, "raw.json");
    await writeRawFile(generateRaw({ records: RECORDS }), raw);
    const result = spawnSync(process.execPath, [CHILD, raw, dir, "big"], { encoding: "utf8" });
    t.is(result.status, 0, result.stderr);
    t.false(existsSync(raw));
    for (const name of ["big_memory_analysis.svg", "big_lifecycle_timeline.svg"]) {
      const path = join(dir, name);
      t.true((await stat(path)).size < 2 * 1024 * 1024, `${name} under 2 MB`);
      t.is(XMLValidator.validate(await readFile(path, "utf8")), true);
    }
    // One allocation per line, plus the top-level lines around them.
    const json = join(dir, "big_snapshot.json");
    const lines = await countLines(json);
    t.true(lines > RECORDS && lines < RECORDS + 40, `${lines} lines`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
