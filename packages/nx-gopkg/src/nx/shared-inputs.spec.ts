import type { ProjectConfiguration } from 'nx/src/config/workspace-json-project-json';
import { sharedNamedInputs } from './inputs';
import { leaveOutSharedInputs, sharedInputsInNxJson } from './shared-inputs';

const project = (namedInputs: ProjectConfiguration['namedInputs']): ProjectConfiguration => ({
  root: 'p',
  namedInputs,
});

describe('shared named inputs', () => {
  test('nx.json shares a name only when it defines it exactly as nx-gopkg does (key order aside)', () => {
    const shared = sharedNamedInputs();
    expect(sharedInputsInNxJson(undefined)).toEqual([]);
    expect(sharedInputsInNxJson(shared)).toEqual(['go-package', 'go-sources', 'go-test-sources', 'go-toolchain']);
    // The same objects with their keys in another order still count.
    const reordered = shared['go-toolchain'].map((i) =>
      typeof i === 'object' ? Object.fromEntries(Object.entries(i).reverse()) : i,
    );
    expect(sharedInputsInNxJson({ 'go-toolchain': reordered })).toEqual(['go-toolchain']);
    // One glob more or less is another definition.
    expect(sharedInputsInNxJson({ 'go-sources': shared['go-sources'].slice(1) })).toEqual([]);
    expect(sharedInputsInNxJson({ 'go-test-sources': [...shared['go-test-sources'], '{projectRoot}/x'] })).toEqual([]);
  });

  test('a project leaves out what nx.json shares and keeps what reads otherwise (embeds, cgo, its module)', () => {
    const shared = sharedNamedInputs();
    const withEmbed = [...shared['go-sources'], '{workspaceRoot}/p/static', '{workspaceRoot}/p/static/**/*'];
    const p = project({
      ...shared,
      'go-sources': withEmbed,
      'go-module': ['{workspaceRoot}/go.mod', '{workspaceRoot}/go.sum'],
    });
    leaveOutSharedInputs(p, sharedInputsInNxJson(sharedNamedInputs()));
    expect(p.namedInputs).toEqual({
      'go-sources': withEmbed,
      'go-module': ['{workspaceRoot}/go.mod', '{workspaceRoot}/go.sum'],
    });
  });

  test('nothing is left out unless nx.json shares it', () => {
    const p = project(sharedNamedInputs());
    leaveOutSharedInputs(p, []);
    expect(p.namedInputs).toEqual(sharedNamedInputs());
    leaveOutSharedInputs(p, ['go-test-sources']);
    expect(Object.keys(p.namedInputs!).sort()).toEqual(['go-package', 'go-sources', 'go-toolchain']);
    leaveOutSharedInputs(p, ['go-package', 'go-sources', 'go-toolchain']);
    expect(p.namedInputs).toBeUndefined();
  });
});
