/**
 * One parse of each MEMSCOPE_* variable: the runtime's (runtimeSettings), handed to the
 * export child as options (exportChildArguments → parseExportChildArguments). The child's
 * own source never reads the environment.
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_LEAK_THRESHOLD_MS, exportChildArguments, parseExportChildArguments, runtimeSettings, SettingError } from "../../format/settings.js";

test("runtimeSettings parses MEMSCOPE_LEAK_MS (≥ 0, else the default) and MEMSCOPE_VERBOSE", (t) => {
  t.is(runtimeSettings({}).leakMs, DEFAULT_LEAK_THRESHOLD_MS);
  t.false(runtimeSettings({}).verbose);
  t.is(runtimeSettings({ MEMSCOPE_LEAK_MS: "0" }).leakMs, 0);
  t.is(runtimeSettings({ MEMSCOPE_LEAK_MS: "250.5" }).leakMs, 250.5);
  t.is(runtimeSettings({ MEMSCOPE_LEAK_MS: "-3" }).leakMs, DEFAULT_LEAK_THRESHOLD_MS);
  t.is(runtimeSettings({ MEMSCOPE_LEAK_MS: "soon" }).leakMs, DEFAULT_LEAK_THRESHOLD_MS);
  t.true(runtimeSettings({ MEMSCOPE_VERBOSE: "1" }).verbose);
  t.false(runtimeSettings({ MEMSCOPE_VERBOSE: "yes" }).verbose);
});

test("the runtime's values reach the export child unchanged", (t) => {
  for (const env of [{}, { MEMSCOPE_LEAK_MS: "0", MEMSCOPE_VERBOSE: "1" }, { MEMSCOPE_LEAK_MS: "77.25" }, { MEMSCOPE_LEAK_MS: "1e9", MEMSCOPE_VERBOSE: "0" }]) {
    const settings = runtimeSettings(env);
    const parsed = parseExportChildArguments(["raw.json", "out", "app", "json,html", ...exportChildArguments(settings)]);
    t.deepEqual(parsed.positional, ["raw.json", "out", "app", "json,html"]);
    t.deepEqual(parsed.settings, { leakMs: settings.leakMs, verbose: settings.verbose }, JSON.stringify(env));
  }
  t.deepEqual(parseExportChildArguments(["raw", "out", "app"]).settings, { leakMs: DEFAULT_LEAK_THRESHOLD_MS, verbose: false });
  t.throws(() => parseExportChildArguments(["--leak-ms=x"]), { instanceOf: SettingError });
  t.throws(() => parseExportChildArguments(["--quiet"]), { instanceOf: SettingError, message: "unknown option --quiet" });
});

test("render/ (the export child's code) reads no environment variable", (t) => {
  const root = fileURLToPath(new URL("../../render/", import.meta.url));
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".js") && !file.includes(".bundle.") && !file.includes(".generated."));
  t.true(files.length > 40, `${files.length} modules`);
  for (const file of files) t.false(readFileSync(join(root, file), "utf8").includes("process.env"), file);
});
