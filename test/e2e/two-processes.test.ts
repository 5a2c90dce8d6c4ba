import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { applyTransition, compile, createRecord, type FunnelRecord } from '@funnel/engine';
import { getTemplate } from '@funnel/schemas';
import { openModels } from '@funnel/api';
import { freePorts, TestProcesses } from './processes';

/**
 * Due timers for the two processes to race on: two of their sweep batches (1,000 records, four chunks of writes).
 * The race is what is tested, not throughput (api/bench/transitions.ts measures that): 10,000 took 20–35 s to seed
 * and sweep on a busy machine, on top of starting three processes.
 */
const TIMERS = 2_000;
/** How often the test looks whether every timer has fired and every outbox is in the log. */
const POLL_MS = 100;
const DAY_MS = 86_400_000;
const { STORE_PORT, API_PORT, SECOND_API_PORT } = await freePorts(['STORE_PORT', 'API_PORT', 'SECOND_API_PORT']);
const processes = new TestProcesses();
const start = processes.start.bind(processes);

afterAll(() => processes.stop());

it('two api processes on one store sweep the same due timers, each fired exactly once', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'funnel-two-'));
  await start(['embedded-mongo/src/main.ts', '--port', String(STORE_PORT), '--data-dir', dataDir], {}, /listen|127\.0\.0\.1|ready/i);
  const uri = `mongodb://127.0.0.1:${STORE_PORT}/funnel`;
  const { models, close } = await openModels(uri);
  try {
    const compiled = compile(getTemplate('standard_trunk').definition, { version: 1 });
    if (!compiled.ok) throw new Error('template does not compile');
    const workflow = compiled.workflow;
    const actor = { id: 'seed', roles: ['admin', 'manager', 'marketing', 'sales'] as ('admin' | 'manager' | 'marketing' | 'sales')[] };
    const past = Date.now() - 8 * DAY_MS;
    let record = (
      createRecord({ workflow, id: 'tpl', fields: { name: 'S', phone: '+1 555 0100', email: 's@x.example' }, actor, now: past }) as { record: FunnelRecord }
    ).record;
    for (const transition of ['qualify', 'accept'])
      record = (applyTransition({ workflow, record, transition, actor, now: past }) as { record: FunnelRecord }).record;
    const tenantId = 'a'.repeat(24);
    await models.Tenant.create({ _id: tenantId, tenantId, name: 'Two', createdAt: new Date() });
    await models.WorkflowVersion.create({
      _id: 'b'.repeat(24),
      tenantId,
      workflowKey: 'standard_trunk',
      version: 1,
      definition: workflow.definition,
      publishedAt: new Date(),
      publishedBy: 'seed',
    });
    // Outboxes copied into the log are pulled off after 50 ms, not the default second: the test waits for that.
    const env = { MONGODB_URI: uri, FUNNEL_SWEEP_INTERVAL_MS: '50', FUNNEL_OUTBOX_CLEAR_DELAY_MS: '50' };
    await Promise.all([
      start(['api/src/main.ts'], { ...env, PORT: String(API_PORT) }, /Funnel is running/),
      start(['api/src/main.ts'], { ...env, PORT: String(SECOND_API_PORT) }, /Funnel is running/),
    ]);
    // The timers come due once both processes sweep, so both race on every one of them, however far apart they started.
    const { id: _id, ...state } = record;
    for (let i = 0; i < TIMERS; i += 2000) {
      await models.Record.collection.insertMany(
        Array.from({ length: Math.min(2000, TIMERS - i) }, (_, j) => ({
          ...state,
          _id: `r${i + j}`,
          tenantId,
          hasExtension: false,
          outbox: [],
          contact: {},
        })) as never[],
      );
    }
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline) {
      const due = await models.Record.countDocuments({ tenantId, nextDueAt: { $lte: Date.now() } });
      const pending = await models.Record.countDocuments({ tenantId, 'outbox.0': { $exists: true } });
      if (due === 0 && pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const fired = await models.Event.aggregate([
      { $match: { tenantId, type: 'timer_fired' } },
      { $group: { _id: '$recordId', n: { $sum: 1 } } },
      { $group: { _id: '$n', records: { $sum: 1 } } },
    ]);
    expect(fired).toEqual([{ _id: 1, records: TIMERS }]);
    expect(await models.Record.countDocuments({ tenantId, stage: 'pool' })).toBe(TIMERS);
  } finally {
    await close();
  }
}, 240_000);
