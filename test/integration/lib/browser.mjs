// Headless Chromium for the tiers that drive a real web UI (code-server, JupyterLab): Debian's
// browser (MMP_IT_CHROMIUM overrides the path), offline-friendly flags.
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.MMP_IT_CHROMIUM ?? '/usr/bin/chromium';

/** A headless Chromium that asks nothing of the network on its own. */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
