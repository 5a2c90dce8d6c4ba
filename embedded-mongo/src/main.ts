// CLI: `npx tsx embedded-mongo/src/main.ts --port 27017 --data-dir ./data/embedded-mongo [--host 127.0.0.1] [--socket /tmp/store.sock] [--in-memory] [--exit-with-parent] [--recovery-progress-ms 5000]`
// Prints the connection string on its first line of output (a long recovery first says how far it has come on
// stderr, every --recovery-progress-ms), then serves until SIGINT/SIGTERM
// (or, with --exit-with-parent, until its stdin ends: spawnEmbeddedMongo's parent has gone).
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './start-embedded-mongo.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '27017' },
    host: { type: 'string' },
    socket: { type: 'string' },
    'data-dir': { type: 'string' },
    'in-memory': { type: 'boolean', default: false },
    'exit-with-parent': { type: 'boolean', default: false },
    'recovery-progress-ms': { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`embedded-mongo: --port must be an integer from 0 to 65535, got '${values.port}'`);
  process.exit(2);
}

const recoveryProgressMs = values['recovery-progress-ms'] === undefined ? undefined : Number(values['recovery-progress-ms']);
if (recoveryProgressMs !== undefined && !(Number.isInteger(recoveryProgressMs) && recoveryProgressMs >= 0)) {
  console.error(`embedded-mongo: --recovery-progress-ms must be a whole number of milliseconds, got '${values['recovery-progress-ms']}'`);
  process.exit(2);
}

const mongo = await startEmbeddedMongo({
  port,
  ...(recoveryProgressMs !== undefined ? { recoveryProgressMs } : {}),
  inMemory: values['in-memory'],
  ...(values.host ? { host: values.host } : {}),
  ...(values.socket ? { socketPath: values.socket } : {}),
  ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
}).catch((error: unknown) => {
  // The message says what is wrong (e.g. the data directory is in use by process N); a stack adds nothing.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
console.log(mongo.uri);
if (!values['in-memory']) {
  const { documents, ms, cpuMs } = mongo.recovery;
  console.error(`embedded-mongo: recovered ${documents} documents in ${ms} ms (${cpuMs} ms of CPU)`);
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await mongo.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
if (values['exit-with-parent']) {
  // The parent holds the other end of stdin: when it dies, even by kill -9, the pipe ends and the
  // store closes its files and releases the data directory. Its output pipes may be gone by then.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  process.stdin.on('end', () => void stop());
  process.stdin.on('error', () => void stop());
  process.stdin.resume();
}
