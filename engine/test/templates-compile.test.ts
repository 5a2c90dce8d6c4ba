import { getTemplate, templates } from '@funnel/schemas';
import { describe, expect, it } from 'vitest';
import {
  applyTransition,
  compile,
  createRecord,
  fireDueTimers,
  logActivity,
  type Actor,
  type CompiledWorkflow,
  type Decision,
  type FunnelRecord,
} from '../src';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 5, 9);
const MARKETER: Actor = { id: 'u_mo', roles: ['marketing'] };
const SELLER: Actor = { id: 'u_sam', roles: ['sales'] };

describe('shipped templates', () => {
  it.each(templates.map((t) => [t.key, t.definition] as const))('%s compiles with no errors and no warnings', (_key, definition) => {
    const result = compile(definition);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

function applied(decision: Decision): FunnelRecord {
  if (decision.type !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(decision)}`);
  return decision.record;
}

function standardTrunk(): CompiledWorkflow {
  const result = compile(getTemplate('standard_trunk').definition);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.workflow;
}

/** A standard-trunk record brought to SQL by marketing and accepted by a seller. */
function sqlRecord(workflow: CompiledWorkflow): FunnelRecord {
  const lead = applied(createRecord({ workflow, id: 'r1', fields: { name: 'Ann Lee', phone: '+1 555 0100' }, actor: MARKETER, now: START }));
  const mql = applied(applyTransition({ workflow, record: lead, transition: 'qualify', actor: MARKETER, now: START + HOUR }));
  return applied(applyTransition({ workflow, record: mql, transition: 'accept', actor: SELLER, now: START + 2 * HOUR }));
}

describe('the standard trunk does what the trade expects', () => {
  it('refuses to make an MQL of a lead with no reachable contact', () => {
    const workflow = standardTrunk();
    const lead = applied(
      createRecord({ workflow, id: 'r1', fields: { name: 'Ann Lee', email: 'ann@example.com', contactInvalid: true }, actor: MARKETER, now: START }),
    );
    const decision = applyTransition({ workflow, record: lead, transition: 'qualify', actor: MARKETER, now: START + HOUR });
    expect(decision).toMatchObject({ type: 'refused', blockers: [{ type: 'guard', message: { en: expect.stringContaining('phone number or an email') } }] });
  });

  it('disqualifies a lead to the pool after three unanswered calls', () => {
    const workflow = standardTrunk();
    let record = applied(createRecord({ workflow, id: 'r1', fields: { name: 'Ann Lee', phone: '+1 555 0100' }, actor: MARKETER, now: START }));
    for (let call = 1; call <= 3; call += 1) {
      record = applied(logActivity({ workflow, record, activity: { type: 'call', outcome: 'unanswered' }, actor: MARKETER, now: START + call * HOUR }));
    }
    expect(record).toMatchObject({ stage: 'pool', owner: null });
    expect(record.counters.unansweredCalls ?? 0).toBe(0);
  });

  it('lists every blocker when an SQL without product, seats, company or verification is made an opportunity', () => {
    const workflow = standardTrunk();
    const decision = applyTransition({ workflow, record: sqlRecord(workflow), transition: 'create_opportunity', actor: SELLER, now: START + DAY });
    expect(decision.type).toBe('refused');
    if (decision.type !== 'refused') return;
    expect(decision.blockers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'missing_field', field: 'product' }),
        expect.objectContaining({ type: 'missing_field', field: 'seats' }),
        expect.objectContaining({ type: 'missing_field', field: 'companyName' }),
        expect.objectContaining({ type: 'guard' }),
      ]),
    );
  });

  it('lets sales return an MQL only with a reason, and keeps the return out of performance', () => {
    const workflow = standardTrunk();
    const sql = sqlRecord(workflow);
    expect(applyTransition({ workflow, record: sql, transition: 'return_mql', actor: SELLER, now: START + DAY })).toMatchObject({
      type: 'refused',
      blockers: [{ type: 'reason_required' }],
    });
    const returned = applyTransition({ workflow, record: sql, transition: 'return_mql', actor: SELLER, input: { reason: 'wrong_number' }, now: START + DAY });
    expect(returned).toMatchObject({ type: 'applied', record: { stage: 'mql', excludedFromPerformance: true } });
  });

  it('returns an SQL to the pool after 7 days without an opportunity, warning the owner a day before', () => {
    const workflow = standardTrunk();
    const sql = sqlRecord(workflow);
    const warned = fireDueTimers({ workflow, record: sql, now: sql.stageEnteredAt + 6 * DAY });
    expect(warned.events.map((e) => e.type)).toEqual(['timer_warned']);
    expect(warned.record.stage).toBe('sql');
    const recycled = fireDueTimers({ workflow, record: warned.record, now: sql.stageEnteredAt + 7 * DAY });
    expect(recycled.record).toMatchObject({ stage: 'pool', owner: null });
  });
});
