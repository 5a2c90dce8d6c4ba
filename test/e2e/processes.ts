import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Child processes a test started (`npx tsx <args>` from the repository root, each in a process group of its own),
 * ended together by `stop`.
 * @example const api = await processes.start(['api/src/main.ts'], { MONGODB_URI: uri, PORT: '4001' }, /Funnel is running/)
 */
export class TestProcesses {
  private readonly children: ChildProcess[] = [];

  /** Starts one; resolves once its output matches `ready` (at once without it), rejects if it exits before. */
  start(args: string[], env: Record<string, string> = {}, ready?: RegExp): Promise<ChildProcess> {
    const child = spawn('npx', ['tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.children.push(child);
    return new Promise((resolve, reject) => {
      if (!ready) return resolve(child);
      let out = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        if (ready.test(out)) resolve(child);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${out}`)));
    });
  }

  /** Ends every process it started (npx → tsx → node: the whole process group of each), `signal` SIGTERM unless told. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): void {
    for (const child of this.children) if (child.pid && child.exitCode === null && child.signalCode === null) kill(child, signal);
  }
}

/**
 * Sends `signal` to a child's whole process group (SIGKILL: as `kill -9` of the api and everything under it).
 * @example kill(api, 'SIGKILL')
 */
export function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Gone already.
  }
}

/**
 * A port for each name, free now on 127.0.0.1 and chosen by the system (bound at once on port 0, then let go), for
 * processes a test starts on ports of their own. A fixed range risked ports in the system's range for outgoing
 * connections (32768–60999), which other test files running beside it take.
 * @example const ports = await freePorts(['store', 'api']) // → { store: 41327, api: 38809 }
 */
export async function freePorts<const Name extends string>(names: readonly Name[]): Promise<Record<Name, number>> {
  const servers = await Promise.all(
    names.map(
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = Object.fromEntries(names.map((name, i) => [name, ((servers[i] as ReturnType<typeof createServer>).address() as AddressInfo).port]));
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports as Record<Name, number>;
}
