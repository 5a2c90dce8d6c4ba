import { getTemplate } from '@funnel/schemas';
import { describe, expect, it } from 'vitest';
import { applyTransition, compile, createRecord, decideExtension, recordHasExtension, requestExtension, type FunnelRecord } from '../src';

const NOW = Date.UTC(2026, 0, 5);
const HOUR = 3_600_000;
const sam = { id: 'sam', roles: ['sales'] as const };
const max = { id: 'max', roles: ['manager'] as const };

function applied(decision: ReturnType<typeof applyTransition>): FunnelRecord {
  if (decision.type !== 'applied') throw new Error(JSON.stringify(decision));
  return decision.record;
}

describe('recordHasExtension', () => {
  const compiled = compile(getTemplate('standard_trunk').definition);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  const workflow = compiled.workflow;
  const lead = applied(
    createRecord({ workflow, id: 'r1', fields: { name: 'Ann', phone: '+1 555 0100' }, actor: { id: 'mia', roles: ['marketing'] }, now: NOW }),
  );
  const mql = applied(applyTransition({ workflow, record: lead, transition: 'qualify', actor: { id: 'mia', roles: ['marketing'] }, now: NOW + HOUR }));
  const sql = applied(applyTransition({ workflow, record: mql, transition: 'accept', actor: sam, now: NOW + 2 * HOUR }));

  it('counts a record from the request on, while its timer is armed, and not after it leaves the stage', () => {
    expect(recordHasExtension(sql)).toBe(false);
    const requested = applied(requestExtension({ workflow, record: sql, timer: 'one_week_rule', actor: sam, now: NOW + 3 * HOUR, ownerExtendedRecords: 0 }));
    expect(recordHasExtension(requested)).toBe(true);
    const approved = applied(
      decideExtension({ workflow, record: requested, timer: 'one_week_rule', actor: max, approve: true, now: NOW + 4 * HOUR, ownerExtendedRecords: 0 }),
    );
    expect(recordHasExtension(approved)).toBe(true);
    const recycled = applied(applyTransition({ workflow, record: approved, transition: 'recycle', actor: max, now: NOW + 5 * HOUR }));
    expect(recordHasExtension(recycled)).toBe(false);
  });

  it('does not count a rejected request', () => {
    const requested = applied(requestExtension({ workflow, record: sql, timer: 'one_week_rule', actor: sam, now: NOW + 3 * HOUR, ownerExtendedRecords: 0 }));
    const rejected = applied(
      decideExtension({ workflow, record: requested, timer: 'one_week_rule', actor: max, approve: false, now: NOW + 4 * HOUR, ownerExtendedRecords: 0 }),
    );
    expect(recordHasExtension(rejected)).toBe(false);
  });
});
