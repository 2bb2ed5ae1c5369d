// The gonx entry of nx.json, as the generators need it: which directories gonx skips.
import { readNxJson, type Tree } from '@nx/devkit';
import { normalizeOptions, type GonxPluginOptions, type NormalizedOptions } from '../../nx/options';
import { PLUGIN_NAME } from '../init/init';

export function pluginOptions(tree: Tree): NormalizedOptions {
  const plugins = readNxJson(tree)?.plugins ?? [];
  const entry = plugins.find((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
  const options = entry && typeof entry === 'object' ? (entry.options as GonxPluginOptions | undefined) : undefined;
  return normalizeOptions(options);
}
