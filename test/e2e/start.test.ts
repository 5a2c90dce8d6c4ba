import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { freePorts } from './processes';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { PORT } = await freePorts(['PORT']);
const dataDir = mkdtempSync(join(tmpdir(), 'funnel-start-'));
let api: ChildProcess | undefined;

afterAll(() => {
  if (api?.exitCode === null) api.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts api/src/main.ts (what `npm start` runs) on an empty data folder; resolves with the admin key and the output it printed. */
function startApi(): Promise<{ child: ChildProcess; adminKey: string; out: string }> {
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
      if (key && out.includes('Funnel is running') && out.includes('sue@demo.example')) resolve({ child, adminKey: key[1] as string, out });
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

  // The demo's people sign in with the passwords printed once, over HTTP, and the cookie signs the next request in.
  const accounts = [...started.out.matchAll(/^ {2}(\S+@demo\.example)\s+(\S+)\s+\(([^)]+)\)$/gm)].map((m) => ({ email: m[1], password: m[2], roles: m[3] }));
  expect(accounts.map((a) => [a.email, a.roles])).toEqual([
    ['admin@demo.example', 'admin, manager'],
    ['manager@demo.example', 'manager'],
    ['sam@demo.example', 'sales'],
    ['sue@demo.example', 'sales'],
  ]);
  expect(started.out).toContain('Sign in to the workspace "demo"');
  const origin = `http://127.0.0.1:${PORT}`;
  const signIn = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($i: SignInInput!) { signIn(input: $i) { __typename } }',
      variables: { i: { slug: 'demo', email: 'sam@demo.example', password: accounts[2]?.password } },
    }),
  });
  expect(((await signIn.json()) as { data?: { signIn: { __typename: string } } }).data?.signIn.__typename).toBe('SignInPayload');
  const cookie = signIn.headers.get('set-cookie')?.split(';')[0] as string;
  const me = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin },
    body: JSON.stringify({ query: '{ me { signedInWith user { name managerId } } }' }),
  });
  expect(((await me.json()) as { data?: { me: unknown } }).data?.me).toMatchObject({ signedInWith: 'session', user: { name: 'Sam Sales' } });

  const exited = new Promise<number | null>((resolve) => api?.once('exit', (code) => resolve(code)));
  api.kill('SIGTERM');
  expect(await exited).toBe(0);
  // The store closed with the api: its socket file is gone and its data folder unlocked.
  expect(existsSync(socketPath)).toBe(false);
  expect(existsSync(join(dataDir, 'embedded-mongo', 'LOCK'))).toBe(false);
});
