import { describe, expect, it } from 'vitest';
import { compile, createRecord, type Actor, type CompiledWorkflow } from '@funnel/engine';
import { getTemplate } from '@funnel/schemas';
import type { Models } from '../src/models/models';
import { outboxEntries } from '../src/services/outbox-drainer';
import { NotificationRecipients } from '../src/services/notification-recipients';
import { OwnerCapacity } from '../src/services/owner-capacity';
import { RecordRouting } from '../src/services/record-routing';
import { embeddedStoreModels } from './embedded-store-models';

const store = embeddedStoreModels();
const tenantId = 'tenant-routing';
const team = ['u_a', 'u_b', 'u_c', 'u_d', 'u_e', 'u_f', 'u_g'];
const actor: Actor = { id: 'u_manager', roles: ['manager'] };

/** The standard trunk routing every new record round `users` by the rule `key`. */
function roundRobin(key: string, users: string[]): CompiledWorkflow {
  const definition = {
    ...getTemplate('standard_trunk').definition,
    assignment: { rules: [{ key, name: { en: key }, target: { team: { users }, strategy: 'round_robin' as const } }] },
  };
  const compiled = compile(definition, { version: 1 });
  if (!compiled.ok) throw new Error('the definition does not compile');
  return compiled.workflow;
}

/** `model` with its `method` counted: the store commands a test says routing sends. */
function counting<M extends object>(model: M, method: keyof M): { model: M; calls: () => number } {
  let calls = 0;
  const counted = new Proxy(model, {
    get: (target, property) => {
      const value = Reflect.get(target, property);
      if (property !== method || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls += 1;
        return value.apply(target, args);
      };
    },
  });
  return { model: counted, calls: () => calls };
}

/**
 * `model` with its driver collection's `method` counted as well as the model's own (the people read and the ticket go
 * through the collection; any read by mongoose is counted too).
 */
function countingWithCollection<M extends { collection: object }>(model: M, method: string): { model: M; calls: () => number } {
  const collection = counting(model.collection as Record<string, unknown>, method);
  const ofModel = counting(
    new Proxy(model, { get: (target, property) => (property === 'collection' ? collection.model : Reflect.get(target, property)) }),
    method as keyof M,
  );
  return { model: ofModel.model, calls: () => collection.calls() + ofModel.calls() };
}

describe('routing in the store', () => {
  it('gives the records one rule routes in one turn consecutive tickets with one $inc: each of a team of 7 gets one of 7', async () => {
    const workflow = roundRobin('seven', team);
    await store.models.User.insertMany(team.map((_id) => ({ _id, tenantId, name: _id, roles: ['sales'] })));
    const counter = countingWithCollection(store.models.AssignmentCounter, 'findOneAndUpdate');
    const increments = counter.calls;
    const models = { ...store.models, AssignmentCounter: counter.model } as Models;
    const routing = new RecordRouting(models, new OwnerCapacity(models));
    const now = Date.UTC(2026, 0, 5);
    const records = team.map((_, i) => {
      const made = createRecord({ workflow, id: `r${i}`, fields: { name: `Lead ${i}` }, actor, now });
      if (made.type !== 'applied') throw new Error('the record was not created');
      return made.record;
    });
    const rule = workflow.assignment?.rules[0];
    if (!rule) throw new Error('no rule');
    const routed = await Promise.all(records.map((record) => routing.route({ tenantId, workflow, rule, record, now, version: record.version })));
    expect(routed.map((r) => r.owner).sort()).toEqual([...team].sort());
    expect(increments()).toBe(1);
    // The next turn goes on from the eighth ticket: the first member again.
    const next = await routing.route({ tenantId, workflow, rule, record: records[0] as (typeof records)[number], now, version: 1 });
    expect(next.owner).toBe('u_a');
    expect(increments()).toBe(2);
  });

  it('reads the people once for a routed create: the new owner as routing read them says how to tell them (email when they chose it)', async () => {
    const tenant = 'tenant-routing-recipient';
    const pair = ['u_mail', 'u_inbox'];
    const workflow = roundRobin('pair', pair);
    await store.models.User.insertMany([
      { _id: 'u_mail', tenantId: tenant, name: 'Mail', email: 'mail@example.com', roles: ['sales'], notifications: { record_assigned: 'email' } },
      { _id: 'u_inbox', tenantId: tenant, name: 'Inbox', email: 'inbox@example.com', roles: ['sales'] },
    ]);
    const users = countingWithCollection(store.models.User, 'find');
    const models = { ...store.models, User: users.model } as Models;
    const routing = new RecordRouting(models, new OwnerCapacity(models));
    const recipients = new NotificationRecipients(models);
    const now = Date.UTC(2026, 0, 5);
    const rule = workflow.assignment?.rules[0];
    if (!rule) throw new Error('no rule');
    const told: Record<string, boolean> = {};
    for (const id of ['r-mail-1', 'r-mail-2']) {
      const made = createRecord({ workflow, id, fields: { name: id }, actor, now });
      if (made.type !== 'applied') throw new Error('the record was not created');
      const { owner, ownerAsRead } = await routing.route({ tenantId: tenant, workflow, rule, record: made.record, now, version: 1 });
      const owned = createRecord({ workflow, id, fields: { name: id }, actor, now, owner });
      if (owned.type !== 'applied' || !owner) throw new Error('the record was not routed');
      const events = [
        ...owned.events,
        { type: 'assigned' as const, at: now, actor: actor.id, recordId: id, from: null, to: owner, rule: 'pair', strategy: 'round_robin' as const },
      ];
      const change = {
        record: owned.record,
        events,
        effects: [{ type: 'notify' as const, to: 'owner' as const, userId: owner, recordId: id, about: 'assigned' }],
      };
      const entries = await recipients.attach({
        tenantId: tenant,
        change,
        entries: outboxEntries(owned.record, events),
        known: ownerAsRead ? [ownerAsRead] : [],
      });
      const intent = entries.at(-1)?.notify?.[0];
      expect(intent).toMatchObject({ userId: owner, type: 'record_assigned' });
      told[owner] = intent?.email === true;
    }
    expect(told).toEqual({ u_mail: true, u_inbox: false });
    // One read of the people per routed create (one turn each), none by id for the notification.
    expect(users.calls()).toBe(2);
  });
});
