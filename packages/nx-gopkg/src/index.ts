export { createNodes, createNodesV2, createDependencies, name } from './plugin';
export type { GopkgPluginOptions } from './nx/options';
