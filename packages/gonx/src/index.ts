export { createNodes, createNodesV2, createDependencies, name } from './plugin';
export type { GonxPluginOptions } from './nx/options';
