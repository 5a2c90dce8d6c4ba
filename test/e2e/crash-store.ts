import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Models } from '@funnel/api';
import { ROOT_KEY } from './harness';
import type { TestProcesses } from './processes';

/**
 * An embedded store in a process of its own on a new data directory (the caller removes it), as a crash test kills api
 * processes beside it, and the environment of api processes on it that build the metric summaries every 50 ms.
 * @example const { uri, env, dataDir } = await crashTestStore({ processes, port: STORE_PORT, name: 'metric-crash' })
 */
export async function crashTestStore(input: {
  processes: TestProcesses;
  port: number;
  name: string;
}): Promise<{ uri: string; dataDir: string; env: Record<string, string> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `funnel-${input.name}-`));
  await input.processes.start(['embedded-mongo/src/main.ts', '--port', String(input.port), '--data-dir', dataDir], {}, /listen|127\.0\.0\.1|ready/i);
  const uri = `mongodb://127.0.0.1:${input.port}/funnel`;
  const env = {
    MONGODB_URI: uri,
    FUNNEL_ROOT_KEY: ROOT_KEY,
    FUNNEL_SWEEP_INTERVAL_MS: '0',
    FUNNEL_METRICS_BUILD_INTERVAL_MS: '50',
    FUNNEL_METRICS_DAY_SETTLE_MS: '0',
  };
  return { uri, dataDir, env };
}

/**
 * How many of a tenant's records hold outbox entries (events not yet copied into the log, or waiting for their clear).
 * @example while ((await recordsWithOutboxes(models, tenantId)) > 0) await pause(50)
 */
export function recordsWithOutboxes(models: Models, tenantId: string): Promise<number> {
  return models.Record.countDocuments({ tenantId, 'outbox.0': { $exists: true } });
}

/**
 * Resolves once no record of the tenant holds outbox entries, polling every `everyMs`, or after a minute.
 * @example await outboxesEmptied(models, tenantId, 50)
 */
export async function outboxesEmptied(models: Models, tenantId: string, everyMs: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await recordsWithOutboxes(models, tenantId)) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, everyMs));
}
