import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium; browser tests never download one. */
const CHROMIUM_PATH = process.env.FUNNEL_CHROMIUM ?? '/usr/bin/chromium';

/** The flags every browser test and benchmark runs Chromium with. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** The screen the designer must work at. */
const VIEWPORT = { width: 1280, height: 800 };

/**
 * Starts headless Chromium with a fresh profile at 1280×800; fails with a clear message when
 * Chromium is not installed.
 * @example const browser = await launchChromium(); const page = await browser.context.newPage();
 */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Install Debian's package (apt-get install -y chromium) or set FUNNEL_CHROMIUM; the browser tests never download a browser.`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'funnel-chromium-'));
  // A fresh --user-data-dir per run: Playwright takes it as the persistent context's directory.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
