/** What the JupyterLab renderer needs from the Jupyter server (a fake in unit tests). */
export interface ServerFiles {
  /** The server path of the notebook's folder (payload paths are relative to it). */
  readonly notebookDir: string;
  /** The server root's absolute location on its machine; null when unknown. */
  readonly serverRoot: string | null;
  /** The file's text; null when there is no such file. @throws Error on other failures. */
  readText(serverPath: string): Promise<string | null>;
  /** A small PNG data URL of the image; null when it is missing or the browser cannot draw it. */
  thumbnail(serverPath: string): Promise<string | null>;
}
