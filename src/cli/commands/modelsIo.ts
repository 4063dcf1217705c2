/** Where the `models` commands write, in one type both of their modules import. */

/** Output streams of a `models` command. */
export interface ModelsIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** True when stderr is a terminal (progress redrawn in place). */
  interactive?: boolean;
}
