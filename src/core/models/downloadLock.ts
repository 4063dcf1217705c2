/**
 * One download of a file at a time: the CLI and the extension share no process, so a lock file
 * (`<destination>.lock`, created exclusively, holding the owner's pid) keeps two of them from
 * appending to the same .part. A lock whose process is gone is stale and taken over.
 */
import { promises as fs } from 'node:fs';

/** Another live process is downloading the same file. */
export class DownloadInProgressError extends Error {
  constructor(
    readonly destination: string,
    readonly pid: number,
  ) {
    super(
      `${destination} is already being downloaded by process ${pid}; wait for it or stop it first.`,
    );
    this.name = 'DownloadInProgressError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lock for `destination`; the returned function releases it. */
export async function lockDownload(destination: string): Promise<() => Promise<void>> {
  const lock = `${destination}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await fs.open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => fs.rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await fs.readFile(lock, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DownloadInProgressError(destination, owner);
      }
      if (owner === process.pid) throw new DownloadInProgressError(destination, owner);
      await fs.rm(lock, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not lock ${lock}`);
}
