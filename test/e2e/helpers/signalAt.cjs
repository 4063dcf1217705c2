// Signals the CLI under test at an exact point of its work. Loaded with `node --require` before
// the CLI bundle (Node loads it in the pool's worker threads too), so a kill-and-resume test does
// not depend on how fast the test process reacts to the CLI's events: on a loaded two-core
// machine a run can finish many images between printing an event and the test's kill arriving.
// MMP_SIGNAL_AT is JSON {signal, when, match}:
//   signal  SIGKILL | SIGINT | SIGTERM | SIGSTOP, sent to this process; just before, a line
//           {"type":"signalAt","signal":...} is written straight to stdout, so a test that froze the
//           process with SIGSTOP knows when it is frozen
//   when    beforeRename: a file whose destination contains `match` is written and flushed to its
//                         temporary name, not yet renamed into place
//           afterRename:  that file was just renamed into place (its journal line not yet written)
//           afterJournal: a journal line containing `match` was just written
'use strict';
const fs = require('node:fs');

const rule = JSON.parse(process.env.MMP_SIGNAL_AT || 'null');
const promises = fs.promises;
const original = { open: promises.open.bind(promises), rename: promises.rename.bind(promises) };
let sent = false;

function signalOnce() {
  if (sent) return;
  sent = true;
  fs.writeSync(1, JSON.stringify({ type: 'signalAt', signal: rule.signal }) + '\n');
  process.kill(process.pid, rule.signal);
}

if (rule) {
  promises.rename = async (from, to) => {
    const matches = String(to).includes(rule.match);
    if (matches && rule.when === 'beforeRename') {
      signalOnce();
      // SIGKILL ends the process here; a catchable signal lets the run go on as it would.
    }
    await original.rename(from, to);
    if (matches && rule.when === 'afterRename') signalOnce();
  };

  promises.open = async (file, flags, mode) => {
    const handle = await original.open(file, flags, mode);
    if (rule.when === 'afterJournal' && String(file).endsWith('.maskmedpaint-journal.jsonl')) {
      const write = handle.write.bind(handle);
      handle.write = async (...args) => {
        const result = await write(...args);
        if (String(args[0]).includes(rule.match)) signalOnce();
        return result;
      };
    }
    return handle;
  };
}
