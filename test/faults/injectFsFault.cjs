// Fault injection for the CLI under test: loaded with `node --require` before the CLI bundle, it
// makes chosen file-system calls fail the way a read-only disk, a full disk, missing permissions
// or a concurrent cleaner would, whatever user the tests run as (root ignores permission bits).
// MMP_FS_FAULTS is a JSON list of {op, match, code} or {op: "rename", match, vanish: true}:
//   op     mkdir | open | readFile | write (the writeFile of a handle opened on a matching path)
//          | rename (matched on the source path)
//   match  a substring the path must contain
//   code   the errno to fail with (EROFS, EACCES, ENOSPC, ...)
//   vanish for rename: delete the source first, as another process cleaning the folder would.
'use strict';
const fs = require('node:fs');

const faults = JSON.parse(process.env.MMP_FS_FAULTS || '[]');
const promises = fs.promises;
const original = {
  mkdir: promises.mkdir.bind(promises),
  open: promises.open.bind(promises),
  readFile: promises.readFile.bind(promises),
  rename: promises.rename.bind(promises),
  rm: promises.rm.bind(promises),
};
const DESCRIPTIONS = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
};

function errnoError(code, syscall, path) {
  const error = new Error(`${code}: ${DESCRIPTIONS[code] || 'injected'}, ${syscall} '${path}'`);
  return Object.assign(error, { errno: -1, code, syscall, path });
}

function faultFor(op, path) {
  return faults.find((fault) => fault.op === op && String(path).includes(fault.match));
}

promises.mkdir = async (path, options) => {
  const fault = faultFor('mkdir', path);
  if (fault) throw errnoError(fault.code, 'mkdir', String(path));
  return original.mkdir(path, options);
};

promises.readFile = async (path, options) => {
  const fault = faultFor('readFile', path);
  if (fault) throw errnoError(fault.code, 'open', String(path));
  return original.readFile(path, options);
};

promises.open = async (path, flags, mode) => {
  const fault = faultFor('open', path);
  if (fault) throw errnoError(fault.code, 'open', String(path));
  const handle = await original.open(path, flags, mode);
  const writeFault = faultFor('write', path);
  if (writeFault) {
    handle.writeFile = async () => {
      throw errnoError(writeFault.code, 'write', String(path));
    };
  }
  return handle;
};

promises.rename = async (from, to) => {
  const fault = faultFor('rename', from);
  if (fault && fault.vanish) await original.rm(from, { force: true });
  else if (fault) throw Object.assign(errnoError(fault.code, 'rename', String(from)), { dest: to });
  return original.rename(from, to);
};
