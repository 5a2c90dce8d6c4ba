import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, onTestFailed } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { type SmtpCapture, startSmtpCapture } from '../e2e/smtp-capture';
import { SCREENSHOTS, UI_TIMEOUT_MS } from './browser-test-settings';
import { launchChromium } from './launch-chromium';
import { startFunnelForBrowser, type RunningFunnel } from './start-funnel-for-browser';

/** What a browser test file runs against; each part exists from the file's first beforeAll on. */
export interface BrowserSuite {
  /** The real api, serving the built designer and mailing through `smtp`. */
  readonly funnel: RunningFunnel;
  /** A real SMTP server on 127.0.0.1 that keeps every mail the api sends (invitations, reset links). */
  readonly smtp: SmtpCapture;
  /** Chromium with a fresh profile. */
  readonly context: BrowserContext;
  /**
   * A page for the tests of the calling `describe`: opened before them, closed after, with the UI timeout, page errors
   * logged under `prefix`, and a screenshot `<prefix>-failed-<test>.png` of each test that fails. Call it in the
   * describe's body; read the page (the returned function) from its hooks and tests.
   */
  pageFor: (prefix: string) => () => Page;
}

/**
 * One file's browser tests: registers the file's beforeAll/afterAll that start an SMTP capture server, the api (with
 * SMTP_URL pointing at it) and Chromium, and stop them. `webhookAllowedHosts` is read when the api starts (after the
 * file's earlier beforeAll hooks, which may start a webhook receiver).
 * @example const suite = browserSuite(); describe('…', () => { const page = suite.pageFor('en'); it('…', () => page().goto(suite.funnel.url)); });
 */
export function browserSuite(options: { webhookAllowedHosts?: () => string[] } = {}): BrowserSuite {
  let funnel: RunningFunnel | undefined;
  let smtp: SmtpCapture | undefined;
  let browser: { context: BrowserContext; close: () => Promise<void> } | undefined;
  const started = <T>(part: T | undefined, name: string): T => {
    if (!part) throw new Error(`the browser suite's ${name} is read before its beforeAll started it`);
    return part;
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    smtp = await startSmtpCapture();
    funnel = await startFunnelForBrowser({ smtpUrl: smtp.smtpUrl, webhookAllowedHosts: options.webhookAllowedHosts?.() ?? [] });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await funnel?.close();
    await smtp?.close();
  });

  return {
    get funnel() {
      return started(funnel, 'api');
    },
    get smtp() {
      return started(smtp, 'SMTP server');
    },
    get context() {
      return started(browser, 'browser').context;
    },
    pageFor(prefix) {
      let page: Page | undefined;
      beforeAll(async () => {
        page = await started(browser, 'browser').context.newPage();
        page.setDefaultTimeout(UI_TIMEOUT_MS);
        page.on('pageerror', (error) => console.error(`[${prefix} page error]`, error));
      });
      afterAll(async () => {
        await page?.close();
      });
      beforeEach(({ task }) => {
        onTestFailed(async () => {
          await page?.screenshot({ path: join(SCREENSHOTS, `${prefix}-failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}.png`) });
        });
      });
      return () => started(page, 'page');
    },
  };
}
