// The bridge between the mocha suite (inside the extension host) and Playwright (here): the
// suite cannot see the workbench DOM, so it asks this HTTP server to look into webview iframes,
// click, and take screenshots. Requests are JSON { action, ... }; answers are JSON.
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/** axe-core's browser bundle, read once (the accessibility checks run it inside webviews). */
let axeSource;
function axeScript() {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

const POLL_MS = 200;

/**
 * The page's latest console errors and warnings (all frames) and webview service-worker messages,
 * for a failed test's report.
 */
const consoleProblems = [];
const CONSOLE_PROBLEMS_KEPT = 30;

/** Records the page's console errors and warnings and its uncaught errors from now on. */
export function watchConsole(page) {
  const keep = (line) => {
    consoleProblems.push(`${new Date().toISOString().slice(11, 19)} ${line.slice(0, 400)}`);
    if (consoleProblems.length > CONSOLE_PROBLEMS_KEPT) consoleProblems.shift();
  };
  page.on('console', (message) => {
    const type = message.type();
    // Webview frames log their service-worker handshake ("Waiting for controllerchange") as info.
    const handshake = type === 'log' && /service worker|controller/i.test(message.text());
    if (type === 'error' || type === 'warning' || handshake) keep(`${type}: ${message.text()}`);
  });
  page.on('pageerror', (error) => keep(`uncaught: ${String(error?.message ?? error)}`));
}

/** A frame's page and webview id (the rest of the address is the same for all frames). */
function frameName(address) {
  if (!URL.canParse(address)) return address ? address.slice(0, 120) : '(no address yet)';
  const url = new URL(address);
  const id = url.searchParams.get('id');
  return `${url.pathname.split('/').pop()}${id ? ` id=${id}` : ''}`;
}

/** Frames of the page whose document has at least `minCount` elements matching `selector`. */
async function framesWith(page, selector, minCount) {
  const found = [];
  for (const frame of page.frames()) {
    if (frame.isDetached()) continue;
    const count = await frame
      .locator(selector)
      .count()
      .catch(() => 0);
    if (count >= minCount) found.push({ frame, count });
  }
  return found;
}

/**
 * Waits (up to `timeoutMs`) for a frame where `selector` matches at least `minCount` elements.
 * Webview iframes are created lazily and their content arrives by message, so this polls the
 * frame tree: there is no single DOM event to await across frames.
 */
async function waitForFrame(page, selector, minCount, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [hit] = await framesWith(page, selector, minCount);
    if (hit) return hit;
    if (Date.now() > deadline) return undefined;
    await page.waitForTimeout(POLL_MS);
  }
}

/** Facts about the matches in one frame: count, loaded images, text and data-* attributes. */
async function describeMatches(frame, selector) {
  return frame.locator(selector).evaluateAll((elements) =>
    elements.map((el) => {
      const images = el.tagName === 'IMG' ? [el] : [...el.querySelectorAll('img')];
      return {
        text: (el.textContent ?? '').trim().slice(0, 200),
        dataset: { ...el.dataset },
        images: images.length,
        loadedImages: images.filter((img) => img.complete && img.naturalWidth > 0).length,
        imageSources: images.map((img) => img.getAttribute('src') ?? ''),
      };
    }),
  );
}

async function handle(page, artifactsDir, request) {
  switch (request.action) {
    case 'screenshot': {
      mkdirSync(artifactsDir, { recursive: true });
      const file = path.join(artifactsDir, `${request.name.replace(/[^\w.-]/g, '_')}.png`);
      await page.screenshot({ path: file });
      return { file };
    }
    case 'frames': {
      // For a failed test's report: every frame with the data-testid values it holds (a webview
      // that never drew shows as one without them) and, as a webview's outer frame loads its page
      // only once its service worker answers, the service-worker state the frame sees.
      const frames = [];
      for (const frame of page.frames()) {
        if (frame.isDetached() || frame === page.mainFrame()) continue;
        const seen = await frame
          .evaluate(async () => {
            const testIds = [
              ...new Set(
                [...document.querySelectorAll('[data-testid]')].map((el) => el.dataset.testid),
              ),
            ];
            const sw = navigator.serviceWorker;
            if (!sw) return { testIds };
            const states = (await sw.getRegistrations()).map((r) =>
              ['active', 'waiting', 'installing']
                .map((slot) => `${slot}:${r[slot]?.state ?? '-'}`)
                .join(' '),
            );
            const serviceWorker = `controller ${sw.controller?.state ?? 'none'}; ${states.join(', ') || 'no registration'}`;
            return { testIds, serviceWorker };
          })
          .catch((error) => ({ testIds: [`(not readable: ${String(error).slice(0, 100)})`] }));
        frames.push({ url: frameName(frame.url()), ...seen, testIds: seen.testIds.slice(0, 40) });
      }
      return { frames, console: [...consoleProblems] };
    }
    case 'waitInWebview': {
      const hit = await waitForFrame(
        page,
        request.selector,
        request.minCount ?? 1,
        request.timeoutMs ?? 20000,
      );
      if (!hit) return { found: false, count: 0, matches: [] };
      // Give images that are already in the DOM the chance to finish decoding before reporting.
      if (request.waitForImages) {
        await hit.frame
          .waitForFunction(
            (selector) =>
              [...document.querySelectorAll(selector)]
                .flatMap((el) => (el.tagName === 'IMG' ? [el] : [...el.querySelectorAll('img')]))
                .every((img) => img.complete),
            request.selector,
            { timeout: request.timeoutMs ?? 20000 },
          )
          .catch(() => undefined);
      }
      let matches;
      try {
        matches = await describeMatches(hit.frame, request.selector);
      } catch (error) {
        // A webview that reloads (its panel re-revealed, its run refreshed) detaches the frame
        // found a moment ago: look again in the frame tree as it is now.
        if (!hit.frame.isDetached()) throw error;
        return handle(page, artifactsDir, request);
      }
      return { found: true, count: hit.count, frameUrl: hit.frame.url(), matches };
    }
    case 'clickInWebview': {
      const hit = await waitForFrame(page, request.selector, 1, request.timeoutMs ?? 20000);
      if (!hit) return { clicked: false };
      try {
        await hit.frame
          .locator(request.selector)
          .nth(request.index ?? 0)
          .click();
      } catch (error) {
        if (!hit.frame.isDetached()) throw error;
        return handle(page, artifactsDir, request);
      }
      return { clicked: true };
    }
    case 'pressInWebview': {
      const hit = await waitForFrame(page, request.selector, 1, request.timeoutMs ?? 20000);
      if (!hit) return { pressed: false };
      await hit.frame.locator(request.selector).first().press(request.key);
      return { pressed: true };
    }
    case 'quickInput': {
      // The workbench's quick input (quick picks and input boxes of the extension's wizard).
      const widget = page.locator('.quick-input-widget');
      await widget
        .locator('.quick-input-title')
        .filter({ hasText: request.title })
        .waitFor({ state: 'visible', timeout: request.timeoutMs ?? 20000 });
      // Steps of one command can share a title: wait for a row of this step when one is named.
      if (request.row !== undefined)
        await widget
          .locator('.quick-input-list .monaco-list-row')
          .filter({ hasText: request.row })
          .first()
          .waitFor({ state: 'visible', timeout: request.timeoutMs ?? 20000 });
      const input = widget.locator('.quick-input-box input');
      if (request.fill !== undefined) await input.fill(request.fill);
      const rows = await widget.locator('.quick-input-list .monaco-list-row').allTextContents();
      const placeholder = (await input.getAttribute('placeholder')) ?? '';
      if (request.key) await input.press(request.key);
      return { rows, placeholder };
    }
    case 'workbenchTexts': {
      // Texts of workbench elements (status bar items, notifications), once one contains hasText.
      const matching = page.locator(request.selector).filter({ hasText: request.hasText ?? '' });
      const found = await matching
        .first()
        .waitFor({ state: 'visible', timeout: request.timeoutMs ?? 20000 })
        .then(
          () => true,
          () => false,
        );
      return { found, texts: found ? await matching.allTextContents() : [] };
    }
    case 'clickWorkbench': {
      const target = page
        .locator(request.selector)
        .filter({ hasText: request.hasText ?? '' })
        .first();
      const found = await target
        .waitFor({ state: 'visible', timeout: request.timeoutMs ?? 20000 })
        .then(
          () => true,
          () => false,
        );
      // A right click opens the element's context menu (the explorer's, for example).
      if (found) await target.click(request.button === 'right' ? { button: 'right' } : {});
      return { clicked: found };
    }
    case 'keyboard': {
      // Keys pressed on the page as a person would, wherever the focus is: nothing is clicked.
      for (const step of request.steps) {
        if (step.type !== undefined) await page.keyboard.type(step.type, { delay: 10 });
        if (step.press !== undefined) await page.keyboard.press(step.press);
        await page.waitForTimeout(step.waitMs ?? 150);
      }
      return { pressed: request.steps.length };
    }
    case 'focusedInWebview': {
      // The element with keyboard focus inside a webview's content frame, and the text of
      // `probe` in that frame (which webview it is); found is false when focus is elsewhere.
      for (const frame of page.frames()) {
        if (frame.isDetached() || frame === page.mainFrame()) continue;
        const focused = await frame
          .evaluate((probe) => {
            const active = document.activeElement;
            // A webview's host frame holds the content frame: its active element is that iframe.
            // A frame just given the focus has it on its body (its key listeners get the keys).
            if (!document.hasFocus() || !active || active.tagName === 'IFRAME') return null;
            return {
              tag: active.tagName,
              testId: active.getAttribute('data-testid'),
              dataset: { ...active.dataset },
              text: (active.textContent ?? '').trim().slice(0, 200),
              probeText: probe ? (document.querySelector(probe)?.textContent ?? null) : null,
            };
          }, request.probe ?? null)
          .catch(() => null);
        if (focused) return { found: true, ...focused };
      }
      return { found: false };
    }
    case 'axe': {
      // Runs axe-core's `rules` in the webview frame that has `selector`. The script is evaluated
      // through the debugging protocol, which the webview's content security policy (scripts by
      // nonce only) does not apply to; the full results are saved as test-artifacts/NAME.json.
      const hit = await waitForFrame(page, request.selector, 1, request.timeoutMs ?? 20000);
      if (!hit) return { found: false };
      await hit.frame.evaluate(axeScript());
      const results = await hit.frame.evaluate(
        (rules) =>
          window.axe.run(document, {
            runOnly: { type: 'rule', values: rules },
            resultTypes: ['violations', 'incomplete'],
          }),
        request.rules,
      );
      const summarise = (entries) =>
        entries.flatMap((rule) =>
          rule.nodes.map((node) => ({
            rule: rule.id,
            target: node.target.join(' '),
            html: node.html.slice(0, 160),
            summary: node.failureSummary ?? '',
            data: node.any?.[0]?.data ?? null,
          })),
        );
      if (request.name) {
        mkdirSync(artifactsDir, { recursive: true });
        const file = path.join(artifactsDir, `${request.name.replace(/[^\w.-]/g, '_')}.json`);
        writeFileSync(file, JSON.stringify(results, null, 1));
      }
      return {
        found: true,
        violations: summarise(results.violations),
        incomplete: summarise(results.incomplete),
        passes: results.passes?.length ?? 0,
      };
    }
    case 'postFromWebview': {
      // What a compromised webview script could do: post any message through the webview host
      // frame's message function (VS Code's webview pre/index.html; the content frame reaches
      // it through acquireVsCodeApi), bypassing the page's own validated code.
      const hit = await waitForFrame(page, request.selector, 1, request.timeoutMs ?? 20000);
      const host = hit?.frame.parentFrame();
      if (!host) return { posted: false };
      await host.evaluate((message) => {
        window.__vscode_post_message__('onmessage', { message, transfer: [] });
      }, request.message);
      return { posted: true };
    }
    default:
      throw new Error(`unknown bridge action ${String(request.action)}`);
  }
}

/** Starts the bridge on a free loopback port; resolves with { url, close() }. */
export function startBridge(getPage, artifactsDir, log) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      try {
        const request = JSON.parse(body);
        log?.(`bridge: ${request.action} ${request.selector ?? request.name ?? ''}`);
        const answer = await handle(getPage(), artifactsDir, request);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      } catch (error) {
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: String(error?.stack ?? error) }));
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
