// Preload for the CLI that the job UI test starts (NODE_OPTIONS=--require): once the run has
// renamed MMP_IT_HOLD_AFTER files into place, every later rename waits until the file
// MMP_IT_HOLD_RELEASE exists. The job is then certainly still running when the test clicks Cancel,
// however fast the machine computes (a 6,000-image run once took 30 s here and now takes 17: the
// click came after the end). The test creates the file right after its click, so the images in
// flight are written and the CLI stops well within the extension's grace period.
'use strict';
const fs = require('node:fs');

const after = Number(process.env.MMP_IT_HOLD_AFTER);
const release = process.env.MMP_IT_HOLD_RELEASE;

if (release && Number.isInteger(after) && after >= 0) {
  const promises = fs.promises;
  const rename = promises.rename.bind(promises);
  let renamed = 0;
  const released = () =>
    new Promise((resolve) => {
      const poll = () => (fs.existsSync(release) ? resolve() : setTimeout(poll, 50));
      poll();
    });
  promises.rename = async (from, to) => {
    if (renamed >= after) await released();
    renamed += 1;
    return rename(from, to);
  };
}
