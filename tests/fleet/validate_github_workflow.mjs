// Parses workflow files with GitHub's own parser (npm @actions/workflow-parser,
// the one behind the Actions language service) and fails on any error it
// reports. usage: node validate_github_workflow.mjs PARSER_DIR FILE...
// A broken copy of each file (a job without runs-on, a misspelt key) must be
// rejected too, so a parser that accepts anything cannot pass this test.
// Exits 77 (a skip for meson) when the parser is not installed.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [parserDir, ...files] = process.argv.slice(2);
const entry = path.join(parserDir, "node_modules/@actions/workflow-parser/dist/index.js");
if (!fs.existsSync(entry)) {
  console.log(`skipped: no ${entry} (npm install --prefix build/workflow-parser @actions/workflow-parser)`);
  process.exit(77);
}
// The package imports its JSON schema without `with { type: "json" }` (it is
// built for bundlers); Node 20 refuses that, so a load hook adds the attribute.
const { register } = await import("node:module");
const hook = `export async function load(url, context, next) {
  if (url.endsWith(".json")) return next(url, { ...context, importAttributes: { type: "json" } });
  return next(url, context);
}`;
register("data:text/javascript," + encodeURIComponent(hook));
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import(pathToFileURL(entry).href);

async function errorsOf(name, content) {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length === 0 && parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    errors.push(...(template.errors || []).map((e) => e.Message || e.message || String(e)));
    if (!template.jobs || template.jobs.length === 0) errors.push("no jobs");
  }
  return errors;
}

let failed = 0;
for (const file of files) {
  const content = fs.readFileSync(file, "utf8");
  const errors = await errorsOf(path.basename(file), content);
  for (const e of errors) console.log(`${file}: ${e}`);
  if (errors.length) failed++;
  else console.log(`${file}: valid`);
  const broken = {
    "no runs-on": content.replace(/^    runs-on: .*\n/m, ""),
    "misspelt key": content.replace("timeout-minutes:", "timeout-minuets:"),
  };
  for (const [what, text] of Object.entries(broken)) {
    if (text === content) { console.log(`${file}: cannot build the '${what}' copy`); failed++; continue; }
    const e = await errorsOf(path.basename(file), text);
    if (e.length === 0) { console.log(`${file}: the parser accepted a copy with ${what}`); failed++; }
  }
}
process.exit(failed ? 1 : 0);
