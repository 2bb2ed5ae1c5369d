// The Nx plugin entry: inference lives in nx/, this file only wires it up.
export { createNodes } from './nx/create-nodes';
export { createDependencies } from './nx/create-dependencies';
import { createNodes } from './nx/create-nodes';

/** Deprecated alias Nx still reads; same batched shape. */
export const createNodesV2 = createNodes;
export const name = 'nx-gopkg';
