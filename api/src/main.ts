import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir, spawnEmbeddedMongo } from '@funnel/embedded-mongo';
import { systemClock, TestClock } from './clock';
import { accountsFromEnv, limitsFromEnv, tenantLimitsFromEnv } from './config';
import { createHttpServer } from './http-server';
import { seedDemoTenant } from './services/demo-tenant';
import { createFunnelServer } from './yoga';

const DEFAULT_PORT = 4000;

/** Where the embedded store listens for this api process: a socket file of its own in the temp folder. */
function embeddedSocket(): { socketPath?: string } {
  return process.platform === 'win32' ? {} : { socketPath: join(tmpdir(), `funnel-store-${process.pid}.sock`) };
}

// main.ts only connects and listens: everything else is in yoga.ts (tests call yoga.fetch without a port).
const port = Number(process.env.PORT ?? DEFAULT_PORT);
// Read before the store starts: a malformed limit stops the start with nothing left running.
const limits = limitsFromEnv(process.env);
const accounts = accountsFromEnv(process.env);
// The embedded store runs as a child process, so the api and the store each have an event loop (and a core).
// The api talks to it through a Unix domain socket (not on Windows): on loopback TCP the kernel's TCP
// stack costs the api ~10 % of its CPU per request (docs/decisions.md 16).
const external = process.env.MONGODB_URI || undefined;
const embedded = external
  ? null
  : await spawnEmbeddedMongo({ dataDir: defaultDataDir(), ...embeddedSocket(), log: (line) => console.error(line) }).catch((error: Error) => {
      console.error(`Funnel: could not start the embedded store. ${error.message}`);
      process.exit(1);
    });
let shuttingDown = false;
void embedded?.exited.then((exit) => {
  if (shuttingDown) return;
  // Every request would fail from now on: better to stop and let a supervisor restart both.
  console.error(`Funnel: the embedded store (pid ${embedded.pid}) stopped (exit code ${exit.code}, signal ${exit.signal}); stopping the api`);
  process.exit(1);
});
const uri = external ?? embedded?.socketUri ?? (embedded?.uri as string);
const testClock = process.env.FUNNEL_TEST_CLOCK === '1';
const server = await createFunnelServer({
  uri,
  clock: testClock ? new TestClock() : systemClock,
  config: {
    ...limits,
    ...accounts,
    testClock,
    ...(process.env.FUNNEL_ROOT_KEY ? { rootKey: process.env.FUNNEL_ROOT_KEY } : {}),
    ...tenantLimitsFromEnv(process.env),
    designerDir: fileURLToPath(new URL('../../designer/dist', import.meta.url)),
  },
});
const demo = await seedDemoTenant(server.services);
const http = createHttpServer(server);
http.once('error', (error: NodeJS.ErrnoException) => {
  const why = error.code === 'EADDRINUSE' ? `port ${port} is in use; stop what listens there or set PORT` : error.message;
  console.error(`Funnel: could not listen: ${why}`);
  void shutdown(1);
});
http.listen(port, () => {
  console.log(`Funnel is running: designer http://localhost:${port}/  GraphQL http://localhost:${port}/graphql`);
  if (demo) {
    console.log(
      [
        `Demo tenant "${demo.name}" created. Admin API key (shown once): ${demo.adminKey}`,
        `Sign in to the workspace "${demo.slug}" with these accounts (passwords shown once):`,
        ...demo.accounts.map((account) => `  ${account.email.padEnd(24)} ${account.password}  (${account.roles.join(', ')})`),
      ].join('\n'),
    );
  }
});

async function shutdown(code = 0): Promise<void> {
  shuttingDown = true;
  http.close();
  await server.close();
  await embedded?.close();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
