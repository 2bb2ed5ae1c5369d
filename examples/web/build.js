// Builds the web app into the Go package that embeds it (examples/app/webui/dist):
// every src/*.ts is transpiled to JavaScript, then page.js renders index.html.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const src = path.join(__dirname, 'src');
const out = path.join(__dirname, '../app/webui/dist');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
for (const file of fs.readdirSync(src).filter((f) => f.endsWith('.ts'))) {
  const { outputText } = ts.transpileModule(fs.readFileSync(path.join(src, file), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
  });
  fs.writeFileSync(path.join(out, file.replace(/\.ts$/, '.js')), outputText);
}
const { render } = require(path.join(out, 'page.js'));
fs.writeFileSync(path.join(out, 'index.html'), render());
console.log(`web: wrote ${path.relative(process.cwd(), out)}`);
