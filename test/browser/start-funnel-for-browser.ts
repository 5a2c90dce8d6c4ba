import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { apiConfig, createFunnelServer, createTenant, TestClock, type FunnelServer } from '@funnel/api';
import { startEmbeddedMongo, type EmbeddedMongo } from '@funnel/embedded-mongo';

const run = promisify(execFile);
/** How far behind the real time the api's test clock starts. */
const CLOCK_LEAD_MS = 7 * 24 * 60 * 60 * 1000;

/** The repository root, from this file's place in test/browser/. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where `vite build` writes the designer, which the api serves at `/`. */
const DESIGNER_DIST = join(REPOSITORY_ROOT, 'designer', 'dist');

/**
 * Builds the designer once with Vite (the same `vite build` that `npm start` runs).
 * @example await buildDesigner() // → designer/dist/index.html exists
 */
export async function buildDesigner(): Promise<void> {
  const vite = join(REPOSITORY_ROOT, 'designer', 'node_modules', 'vite', 'bin', 'vite.js');
  await run(process.execPath, [vite, 'build', '--logLevel', 'error'], { cwd: join(REPOSITORY_ROOT, 'designer') });
  if (!existsSync(join(DESIGNER_DIST, 'index.html'))) throw new Error(`vite build wrote no ${DESIGNER_DIST}/index.html`);
}

/** A running Funnel on the embedded store, serving the built designer, on a free port. */
export interface RunningFunnel {
  url: string;
  server: FunnelServer;
  clock: TestClock;
  /** A new tenant and its admin API key. */
  newTenant: (name: string) => Promise<string>;
  /** Sends GraphQL as the key's holder and returns `data` (throws on GraphQL errors). */
  graphql: <T>(input: { apiKey: string; query: string; variables?: Record<string, unknown> }) => Promise<T>;
  close: () => Promise<void>;
}

/**
 * Starts the real api in-process (test clock, no sweeper loop) on the embedded MongoDB-compatible
 * store in a fresh temporary data directory, and an HTTP server for it; with `smtpUrl` (SMTP_URL) it mails
 * invitations and reset links there; `webhookAllowedHosts` (FUNNEL_WEBHOOK_ALLOWED_HOSTS) lets it post webhooks to a
 * receiver on this machine.
 * @example const funnel = await startFunnelForBrowser({ smtpUrl: smtp.smtpUrl }); await page.goto(funnel.url);
 */
export async function startFunnelForBrowser({
  smtpUrl,
  webhookAllowedHosts = [],
}: {
  smtpUrl?: string;
  webhookAllowedHosts?: string[];
} = {}): Promise<RunningFunnel> {
  const dataDir = mkdtempSync(join(tmpdir(), 'funnel-browser-'));
  let mongo: EmbeddedMongo | null = null;
  let http: Server | null = null;
  let server: FunnelServer | null = null;
  try {
    mongo = await startEmbeddedMongo({ dataDir });
    // The api's test clock starts a week before the browser's "now": what the test does (advancing it by days) stays inside the dashboard's "last 30 days".
    const clock = new TestClock(Date.now() - CLOCK_LEAD_MS);
    server = await createFunnelServer({
      uri: mongo.uri,
      clock,
      config: apiConfig({ testClock: true, sweepIntervalMs: 0, designerDir: DESIGNER_DIST, webhookAllowedHosts, ...(smtpUrl ? { smtpUrl } : {}) }),
    });
    const started = server;
    http = createServer((req, res) => started.handle(req, res));
    await new Promise<void>((resolve) => http?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const startedMongo = mongo;
    const startedHttp = http;
    return {
      url,
      server: started,
      clock,
      newTenant: async (name) => (await createTenant({ models: started.services.models, name })).adminKey,
      graphql: async <T>({ apiKey, query, variables = {} }: { apiKey: string; query: string; variables?: Record<string, unknown> }) => {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
        if (body.errors?.length || !body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors ?? body)}`);
        return body.data;
      },
      close: async () => {
        await new Promise<void>((resolve) => startedHttp.close(() => resolve()));
        await started.close();
        await startedMongo.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    http?.close();
    await server?.close();
    await mongo?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
