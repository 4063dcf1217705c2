/** A file-system probe that answers instead of throwing. */
import { promises as fs } from 'node:fs';

/** True when `filePath` exists and is a regular file (links followed); false on any error. */
export async function isFile(filePath: string): Promise<boolean> {
  try {
    return (await fs.stat(filePath)).isFile();
  } catch {
    return false;
  }
}
