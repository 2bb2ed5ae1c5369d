import { defaultExecName, exeSuffix, hostGoos, isVersionElement, targetGoos } from './go-names';

// cmd/go's own table (load/pkg_test.go TestIsVersionElement) plus longer versions.
test.each([
  ['', false],
  ['v', false],
  ['v0', false],
  ['v01', false],
  ['v1', false],
  ['v2', true],
  ['v10', true],
  ['v100', true],
  ['v2x', false],
  ['V2', false],
  ['x2', false],
])('isVersionElement(%j) is %s', (s, want) => {
  expect(isVersionElement(s)).toBe(want);
});

test('defaultExecName keeps a lone element, even a version', () => {
  expect(defaultExecName('v2')).toBe('v2');
  expect(defaultExecName('tool')).toBe('tool');
  expect(defaultExecName('example.com/a/tool/v3')).toBe('tool');
});

test('target GOOS and the executable suffix', () => {
  expect(targetGoos({ GOOS: 'plan9', GOHOSTOS: 'linux' })).toBe('plan9');
  expect(targetGoos({ GOHOSTOS: 'darwin' })).toBe('darwin');
  expect(targetGoos({})).toBe(hostGoos());
  expect(hostGoos('win32')).toBe('windows');
  expect(exeSuffix('windows')).toBe('.exe');
  expect(exeSuffix('linux')).toBe('');
});
