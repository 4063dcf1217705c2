// The packages every Node bundle leaves external (esbuild.mjs, scripts/build-test-cli.mjs), which
// therefore ship as node_modules in the VSIX (scripts/package-vsix.mjs): the native sharp and
// onnxruntime-node load their own binaries at run time, and piscina, the pool of augmentation
// threads, starts its own thread script from its package folder. vscode is the editor's own.
export const NODE_EXTERNALS = ['vscode', 'sharp', 'onnxruntime-node', 'piscina'];

/** The externals the VSIX carries as node_modules (all but the editor's own vscode module). */
export const SHIPPED_EXTERNALS = NODE_EXTERNALS.filter((name) => name !== 'vscode');
