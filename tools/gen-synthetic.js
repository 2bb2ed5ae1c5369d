#!/usr/bin/env node
// Deterministic synthetic Go workspace for benchmarks: N packages over M modules joined by go.work.
//
// Shape (same seed → byte-identical tree):
// - packages are numbered 0..N-1 and split into M contiguous ranges, one module each
//   (example.com/synth/mI); a package imports only lower-numbered packages, so the module graph
//   and the import graph are acyclic, and modules only import from themselves or earlier ones;
// - fan-out: 0–7 workspace imports per package (mean ≈ 3); fan-in is skewed: about 2% of the
//   packages are "hubs" (utility packages) that receive 30% of all imports, half of the rest go to
//   a nearby window (locality within a module) and the rest anywhere earlier;
// - 1–3 files per package with a few functions and types, plus 1–3 standard-library imports;
// - about 60% of libraries have a _test.go (10% also an external _test package), 5% embed files
//   from a data/ directory, every 20th package is a main package under cmd/ (not imported);
// - no cgo, no third-party modules (the benchmark runs offline).
//
// Usage: node tools/gen-synthetic.js --packages 1000 --modules 8 --out DIR [--seed 1]
// Module:  require('./tools/gen-synthetic').generate({ packages, modules, seed, dir })
//          → { packages: [{ index, dir, importPath, kind, imports, module }], modules: [...] }
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const { prng: mulberry32 } = require('./seeded-random');

const STD = ['strings', 'strconv', 'sort', 'fmt', 'bytes', 'errors', 'math', 'unicode/utf8'];
const STD_USE = {
  strings: 'strings.Repeat("x", 2)',
  strconv: 'strconv.Itoa(7)',
  sort: 'fmt.Sprint(sort.IntsAreSorted([]int{1, 2}))',
  fmt: 'fmt.Sprint(3)',
  bytes: 'string(bytes.ToUpper([]byte("b")))',
  errors: 'errors.New("e").Error()',
  math: 'fmt.Sprint(math.Sqrt(4))',
  'unicode/utf8': "fmt.Sprint(utf8.RuneLen('x'))",
};

function pad(n) {
  return String(n).padStart(5, '0');
}

/** Plans the packages (no I/O). */
function plan({ packages: n, modules: m, seed = 1 }) {
  const rand = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const per = Math.ceil(n / m);
  const mods = [];
  for (let i = 0; i < m; i++) mods.push({ index: i, dir: `m${i}`, path: `example.com/synth/m${i}` });
  const pkgs = [];
  const hubs = [];
  const libsBefore = [];
  for (let i = 0; i < n; i++) {
    const mod = mods[Math.min(m - 1, Math.floor(i / per))];
    const isMain = i % 20 === 19;
    const name = isMain ? `c${pad(i)}` : `p${pad(i)}`;
    const group = `g${Math.floor((i % per) / 50)}`;
    const rel = isMain ? `cmd/${name}` : `${group}/${name}`;
    const pkg = {
      index: i,
      name: isMain ? 'main' : name,
      dir: `${mod.dir}/${rel}`,
      importPath: `${mod.path}/${rel}`,
      module: mod.index,
      kind: isMain ? 'command' : 'library',
      imports: [],
      tests: false,
      xtest: false,
      embed: false,
      std: [],
      files: 1 + (i % 3 === 0 ? 1 : 0) + (i % 7 === 0 ? 1 : 0),
    };
    // Candidate imports: libraries with a lower index.
    const fanOut =
      libsBefore.length === 0
        ? 0
        : isMain
          ? int(3, 8)
          : Math.min(libsBefore.length, Math.floor(rand() * rand() * 8) + (rand() < 0.85 ? 1 : 0));
    const chosen = new Set();
    for (let k = 0; k < fanOut * 3 && chosen.size < fanOut; k++) {
      const r = rand();
      let target;
      if (r < 0.3 && hubs.length) target = hubs[Math.floor(rand() * hubs.length)];
      else if (r < 0.65) {
        const lo = Math.max(0, libsBefore.length - 60);
        target = libsBefore[lo + Math.floor(rand() * (libsBefore.length - lo))];
      } else target = libsBefore[Math.floor(rand() * libsBefore.length)];
      if (target) chosen.add(target.index);
    }
    pkg.imports = [...chosen].sort((a, b) => a - b);
    const nStd = int(1, 3);
    for (let k = 0; k < nStd; k++) {
      const s = STD[Math.floor(rand() * STD.length)];
      if (!pkg.std.includes(s)) pkg.std.push(s);
    }
    if (!pkg.std.includes('fmt')) pkg.std.push('fmt');
    pkg.std.sort();
    if (!isMain) {
      pkg.tests = rand() < 0.6;
      pkg.xtest = pkg.tests && rand() < 0.15;
      pkg.embed = rand() < 0.05;
      if (hubs.length < Math.max(1, Math.floor(n * 0.02)) && rand() < 0.1) hubs.push(pkg);
    }
    pkgs.push(pkg);
    if (!isMain) libsBefore.push(pkg);
  }
  return { modules: mods, packages: pkgs };
}

function goFiles(pkg, byIndex) {
  const files = {};
  const deps = pkg.imports.map((i) => byIndex[i]);
  const alias = (d) => `d${d.index}`;
  const importBlock = (extra = []) => {
    const lines = [...extra.map((s) => `\t"${s}"`), ...deps.map((d) => `\t${alias(d)} "${d.importPath}"`)];
    return lines.length ? `import (\n${lines.join('\n')}\n)\n\n` : '';
  };
  const std = [...pkg.std, ...(pkg.embed ? ['embed'] : [])].sort();
  const depSum = deps.map((d) => `${alias(d)}.Value()`).join(' + ') || '0';
  const stdUses = pkg.std.map((s) => `\t_ = ${STD_USE[s]}`).join('\n');
  let main = `// Package ${pkg.name} is synthetic package ${pkg.index} (generated by tools/gen-synthetic.js).\npackage ${pkg.name}\n\n${importBlock(std)}`;
  if (pkg.embed) main += `//go:embed data/*.txt\nvar data embed.FS\n\n`;
  main += `// Value combines this package's number with its dependencies' values.\nfunc Value() int {\n${stdUses}\n\treturn ${pkg.index} + (${depSum})%97\n}\n\n`;
  main += `// Record${pkg.index} carries a few fields so the compiler has some types to check.\ntype Record${pkg.index} struct {\n\tID    int\n\tName  string\n\tTags  []string\n\tScore float64\n}\n\n`;
  main += `// Describe formats the record.\nfunc (r *Record${pkg.index}) Describe() string {\n\ts := fmt.Sprintf("%d:%s:%v:%.2f", r.ID, r.Name, r.Tags, r.Score)\n\tfor i := 0; i < len(r.Tags); i++ {\n\t\tif r.Tags[i] == "" {\n\t\t\ts += "!"\n\t\t}\n\t}\n\treturn s\n}\n\n`;
  main += `// Fold reduces values with a switch, a loop and a closure.\nfunc Fold(xs []int) (sum int, max int) {\n\tadd := func(v int) { sum += v }\n\tfor _, x := range xs {\n\t\tswitch {\n\t\tcase x > max:\n\t\t\tmax = x\n\t\t\tadd(x)\n\t\tcase x < 0:\n\t\t\tadd(-x)\n\t\tdefault:\n\t\t\tadd(x / 2)\n\t\t}\n\t}\n\treturn sum, max\n}\n`;
  if (pkg.embed)
    main += `\n// Data returns the embedded files' names.\nfunc Data() []string {\n\tentries, _ := data.ReadDir("data")\n\tvar names []string\n\tfor _, e := range entries {\n\t\tnames = append(names, e.Name())\n\t}\n\treturn names\n}\n`;
  if (pkg.kind === 'command') {
    main = `// Command ${pkg.index} is synthetic (generated by tools/gen-synthetic.js).\npackage main\n\n${importBlock(std)}`;
    main += `func main() {\n${stdUses}\n\tfmt.Println(${pkg.index} + (${depSum})%97)\n}\n`;
  }
  files[`${pkg.kind === 'command' ? 'main' : pkg.name}.go`] = main;
  for (let f = 1; f < pkg.files; f++) {
    files[`extra${f}.go`] =
      `package ${pkg.name}\n\nimport "strings"\n\n// Helper${f} is an extra file's function.\nfunc Helper${f}(words []string) string {\n\tvar b strings.Builder\n\tfor i, w := range words {\n\t\tif i > 0 {\n\t\t\tb.WriteString(",")\n\t\t}\n\t\tb.WriteString(strings.TrimSpace(w))\n\t}\n\treturn b.String()\n}\n\ntype item${f} struct {\n\tkey   string\n\tvalue int\n}\n\nfunc sortItems${f}(items []item${f}) {\n\tfor i := 1; i < len(items); i++ {\n\t\tfor j := i; j > 0 && items[j].value < items[j-1].value; j-- {\n\t\t\titems[j], items[j-1] = items[j-1], items[j]\n\t\t}\n\t}\n}\n`;
  }
  if (pkg.tests) {
    files[`${pkg.name}_test.go`] =
      `package ${pkg.name}\n\nimport "testing"\n\nfunc TestValue${pkg.index}(t *testing.T) {\n\tif Value() < ${pkg.index} {\n\t\tt.Fatal(Value())\n\t}\n}\n\nfunc TestFold${pkg.index}(t *testing.T) {\n\tif s, m := Fold([]int{1, 5, -2}); s != 8 || m != 5 {\n\t\tt.Fatal(s, m)\n\t}\n}\n`;
  }
  if (pkg.xtest) {
    files[`x_test.go`] =
      `package ${pkg.name}_test\n\nimport (\n\t"testing"\n\n\t"${pkg.importPath}"\n)\n\nfunc TestExternal${pkg.index}(t *testing.T) {\n\t_ = ${pkg.name}.Value()\n}\n`;
  }
  if (pkg.embed) {
    files['data/a.txt'] = `synthetic ${pkg.index} a\n`;
    files['data/b.txt'] = `synthetic ${pkg.index} b\n`;
  }
  return files;
}

/** Writes the workspace into dir (which must be empty or absent). Returns the plan. */
function generate({ packages, modules, seed = 1, dir }) {
  const p = plan({ packages, modules, seed });
  const byIndex = p.packages;
  fs.mkdirSync(dir, { recursive: true });
  const goVersion = '1.24';
  fs.writeFileSync(
    path.join(dir, 'go.work'),
    `go ${goVersion}\n\nuse (\n${p.modules.map((m) => `\t./${m.dir}\n`).join('')})\n`,
  );
  for (const m of p.modules) {
    fs.mkdirSync(path.join(dir, m.dir), { recursive: true });
    fs.writeFileSync(path.join(dir, m.dir, 'go.mod'), `module ${m.path}\n\ngo ${goVersion}\n`);
  }
  for (const pkg of p.packages) {
    for (const [rel, text] of Object.entries(goFiles(pkg, byIndex))) {
      const file = path.join(dir, pkg.dir, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  }
  return p;
}

/** Transitive importers of a package (production imports), including itself. */
function importersOf(planned, index) {
  const rev = new Map();
  for (const p of planned.packages) for (const i of p.imports) (rev.get(i) ?? rev.set(i, []).get(i)).push(p.index);
  const seen = new Set([index]);
  const stack = [index];
  while (stack.length) {
    for (const j of rev.get(stack.pop()) ?? []) {
      if (seen.has(j)) continue;
      seen.add(j);
      stack.push(j);
    }
  }
  return seen;
}

module.exports = { generate, plan, importersOf, mulberry32 };

if (require.main === module) {
  const args = process.argv.slice(2);
  const get = (name, def) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : def;
  };
  const out = get('out');
  if (!out) {
    console.error('usage: node tools/gen-synthetic.js --packages N --modules M --out DIR [--seed S]');
    process.exit(2);
  }
  if (fs.existsSync(out) && fs.readdirSync(out).length) {
    console.error(`${out} is not empty`);
    process.exit(2);
  }
  const p = generate({
    packages: Number(get('packages', 1000)),
    modules: Number(get('modules', 8)),
    seed: Number(get('seed', 1)),
    dir: out,
  });
  const tests = p.packages.filter((x) => x.tests).length;
  const edges = p.packages.reduce((s, x) => s + x.imports.length, 0);
  console.log(
    `${p.packages.length} packages (${p.packages.filter((x) => x.kind === 'command').length} commands, ${tests} with tests, ${p.packages.filter((x) => x.embed).length} embedding), ${edges} imports, ${p.modules.length} modules → ${out}`,
  );
}
