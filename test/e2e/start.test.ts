import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PORT = 29_000 + Math.floor(Math.random() * 1000);
const dataDir = mkdtempSync(join(tmpdir(), 'funnel-start-'));
let api: ChildProcess | undefined;

afterAll(() => {
  if (api?.exitCode === null) api.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts api/src/main.ts (what `npm start` runs) on an empty data folder; resolves with the admin key it prints. */
function startApi(): Promise<{ child: ChildProcess; adminKey: string }> {
  const { MONGODB_URI: _external, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
    cwd: ROOT,
    env: { ...env, FUNNEL_DATA_DIR: dataDir, PORT: String(PORT) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const key = /Admin API key \(shown once\): (\S+)/.exec(out);
      if (key && out.includes('Funnel is running')) resolve({ child, adminKey: key[1] as string });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`api/src/main.ts exited ${code} before it was ready:\n${out}`)));
  });
}

it('starts on the embedded store (through its socket), answers with the demo admin key, and stops cleanly', async () => {
  const started = await startApi();
  api = started.child;
  const socketPath = join(tmpdir(), `funnel-store-${api.pid}.sock`);
  expect(lstatSync(socketPath).isSocket()).toBe(true);

  const res = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${started.adminKey}` },
    body: JSON.stringify({ query: '{ workflows(first: 10) { edges { node { key } } } records(first: 50) { edges { node { id stage } } } }' }),
  });
  const body = (await res.json()) as { data?: { workflows: { edges: { node: { key: string } }[] }; records: { edges: unknown[] } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(body.data?.workflows.edges.map((edge) => edge.node.key)).toContain('standard_trunk');
  expect(body.data?.records.edges.length).toBeGreaterThan(0);

  const exited = new Promise<number | null>((resolve) => api?.once('exit', (code) => resolve(code)));
  api.kill('SIGTERM');
  expect(await exited).toBe(0);
  // The store closed with the api: its socket file is gone and its data folder unlocked.
  expect(existsSync(socketPath)).toBe(false);
  expect(existsSync(join(dataDir, 'embedded-mongo', 'LOCK'))).toBe(false);
});
