/** Types of scripts/vsix-contents.mjs for its unit test. */
export interface VsixFile {
  path: string;
  /** The first 4 KiB of a native library. */
  header?: Buffer;
}
export function binaryKind(header: Buffer): { os: string; arch: string };
export function readVsix(path: string): Promise<VsixFile[]>;
export function nativeProblems(files: VsixFile[], target: string): string[];
