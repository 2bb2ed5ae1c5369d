// The Go text the generators write. Every template is already in gofmt's layout (tabs, one
// blank line between declarations, sorted grouped imports); the unit tests check that with
// `gofmt -l`, so no formatter has to run at generation time.

const GO_KEYWORDS = new Set([
  'break',
  'case',
  'chan',
  'const',
  'continue',
  'default',
  'defer',
  'else',
  'fallthrough',
  'for',
  'func',
  'go',
  'goto',
  'if',
  'import',
  'interface',
  'map',
  'package',
  'range',
  'return',
  'select',
  'struct',
  'switch',
  'type',
  'var',
]);

/** Why `name` cannot be a Go package name, or undefined. */
export function packageNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `"${name}" is not a Go identifier`;
  if (GO_KEYWORDS.has(name)) return `"${name}" is a Go keyword`;
  if (name === '_') return '"_" cannot name a package';
  if (name === 'main') return '"main" is the command package name; use nx-gopkg:command for a command';
  return undefined;
}

/**
 * The package name go convention gives a directory: its last element, lower-cased, without
 * the characters an identifier cannot hold (`string-utils` → `stringutils`), and without a
 * major-version element (`foo/v2` → `foo`).
 */
export function defaultPackageName(dir: string): string {
  const elems = dir.split('/').filter((e) => e && e !== '.');
  let last = elems.pop() ?? '';
  if (/^v[0-9]+$/.test(last) && elems.length) last = elems.pop()!;
  return last.toLowerCase().replace(/[^a-z0-9_]/g, '');
}

export function librarySource(pkg: string): string {
  return `// Package ${pkg} is a new package; replace this with what it provides.
package ${pkg}

// Greeting returns a greeting for name.
func Greeting(name string) string {
	return "Hello, " + name + "!"
}
`;
}

export function libraryTestSource(pkg: string): string {
  return `package ${pkg}

import "testing"

func TestGreeting(t *testing.T) {
	if got, want := Greeting("gopher"), "Hello, gopher!"; got != want {
		t.Errorf("Greeting(%q) = %q, want %q", "gopher", got, want)
	}
}
`;
}

export function commandSource(command: string): string {
  return `// Command ${command} is a new command; replace this with what it does.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println(greeting(os.Args[1:]))
}

// greeting greets the first argument, or the world when there is none.
func greeting(args []string) string {
	name := "world"
	if len(args) > 0 {
		name = args[0]
	}
	return "Hello, " + name + "!"
}
`;
}

export function commandTestSource(): string {
  return `package main

import "testing"

func TestGreeting(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "Hello, world!"},
		{[]string{"gopher"}, "Hello, gopher!"},
	} {
		if got := greeting(tc.args); got != tc.want {
			t.Errorf("greeting(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}
`;
}

export function goModSource(modulePath: string, goVersion: string): string {
  return `module ${modulePath}\n\ngo ${goVersion}\n`;
}

/** The name in a file's `package` clause (after leading comments), or undefined. */
export function packageClause(source: string): string | undefined {
  const stripped = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  return /^\s*package\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(stripped)?.[1];
}
