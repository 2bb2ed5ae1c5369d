// The nx-gopkg entry of nx.json, as the generators need it: which directories nx-gopkg skips.
import { logger, readNxJson, type Tree } from '@nx/devkit';
import { normalizeOptions, type GopkgPluginOptions, type NormalizedOptions } from '../../nx/options';
import { PLUGIN_NAME } from '../init/init';

/** The plugin's options; warns when nx.json does not register the plugin (the new code would be no project). */
export function pluginOptions(tree: Tree): NormalizedOptions {
  const plugins = readNxJson(tree)?.plugins ?? [];
  const entry = plugins.find((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
  if (!entry) {
    logger.warn(
      `${PLUGIN_NAME} is not in nx.json "plugins", so Nx will not show the new Go code as projects: run nx g ${PLUGIN_NAME}:init`,
    );
  }
  const options = entry && typeof entry === 'object' ? (entry.options as GopkgPluginOptions | undefined) : undefined;
  return normalizeOptions(options);
}
