/**
 * File-system failures caused by the machine rather than by a bug: a read-only or full disk, a
 * folder without write permission, a file where a folder should be, a path that vanished while
 * the run used it. They end the CLI with exit code 2 and one plain sentence naming the path and
 * what to do, never with "internal error" and a stack trace.
 */

/** What each errno means to a user, and what they can do about it. */
const CAUSES: Record<string, { cause: string; hint: string }> = {
  EACCES: {
    cause: 'permission denied',
    hint: 'choose a folder you can write to, or fix its permissions',
  },
  EPERM: {
    cause: 'operation not permitted',
    hint: 'choose a folder you can write to, or fix its permissions',
  },
  EROFS: { cause: 'the file system is read-only', hint: 'choose a folder on a writable disk' },
  ENOSPC: {
    cause: 'no space left on the device',
    hint: 'free some space or choose another disk; rerun to resume',
  },
  EDQUOT: {
    cause: 'disk quota exceeded',
    hint: 'free some space or choose another disk; rerun to resume',
  },
  EFBIG: { cause: 'the file is too large for this file system', hint: 'choose another disk' },
  ENOTDIR: { cause: 'a part of the path is a file, not a folder', hint: 'check the path' },
  EISDIR: { cause: 'it is a folder, where a file is expected', hint: 'check the path' },
  EEXIST: {
    cause: 'something with that name is already there',
    hint: 'remove it or choose another path',
  },
  ENOENT: {
    cause: 'no such file or folder (or it was removed while in use)',
    hint: 'check the path; if another program cleans this folder, stop it and rerun',
  },
  ENAMETOOLONG: { cause: 'the name is too long', hint: 'use a shorter path' },
  ELOOP: { cause: 'too many levels of symbolic links', hint: 'check the links on the path' },
  EMFILE: { cause: 'too many open files', hint: 'raise the open-file limit (ulimit -n) and rerun' },
  ENFILE: { cause: 'too many open files on this system', hint: 'close other programs and rerun' },
  EBUSY: { cause: 'the file or device is busy', hint: 'close the program using it and rerun' },
  ETXTBSY: { cause: 'the file is busy', hint: 'close the program using it and rerun' },
  EIO: { cause: 'input/output error', hint: 'check the disk' },
  EXDEV: { cause: 'cannot move across file systems', hint: 'keep the folder on one disk' },
};

/** What the failed system call was doing, in words ("create folder", "write"). */
const ACTIONS: Record<string, string> = {
  mkdir: 'create folder',
  open: 'open',
  write: 'write',
  read: 'read',
  rename: 'move',
  unlink: 'remove',
  rmdir: 'remove folder',
  rm: 'remove',
  scandir: 'list folder',
  opendir: 'list folder',
  stat: 'access',
  lstat: 'access',
  copyfile: 'copy',
  fsync: 'flush',
  chmod: 'change permissions of',
  realpath: 'resolve',
  readlink: 'read link',
};

/** True for an error carrying one of the errno codes above. */
export function isEnvironmentError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && code in CAUSES;
}

/**
 * One plain sentence for an environment error (`cannot create folder /mnt/ro/out: the file system
 * is read-only (EROFS); choose a folder on a writable disk`), or undefined for any other error.
 * Errors that name no path (a wrapped message) keep their own message and gain the hint.
 */
export function describeEnvironmentError(error: unknown): string | undefined {
  if (!isEnvironmentError(error)) return undefined;
  const code = error.code ?? '';
  const { cause, hint } =
    code === 'EEXIST' && error.syscall === 'mkdir'
      ? {
          cause: 'a file with that name is in the way, where a folder is needed',
          hint: 'remove it or choose another path',
        }
      : (CAUSES[code] ?? { cause: code, hint: '' });
  if (error.path === undefined) return `${error.message} (${cause}); ${hint}`;
  const action = ACTIONS[error.syscall ?? ''] ?? 'use';
  // rename, copyfile and link errors also name where the file was going.
  const dest = (error as NodeJS.ErrnoException & { dest?: string }).dest;
  const target = dest !== undefined ? `${error.path} to ${dest}` : error.path;
  return `cannot ${action} ${target}: ${cause} (${code}); ${hint}`;
}
