/** Types of scripts/build-wasm.mjs for the test that checks the committed bytes. */
export function compileKernels(): Promise<Buffer>;
export function kernelsModuleSource(bytes: Buffer): string;
