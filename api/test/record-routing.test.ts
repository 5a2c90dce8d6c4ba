import { describe, expect, it } from 'vitest';
import { compile, createRecord, type Actor } from '@funnel/engine';
import { getTemplate } from '@funnel/schemas';
import type { Models } from '../src/models/models';
import { OwnerCapacity } from '../src/services/owner-capacity';
import { RecordRouting } from '../src/services/record-routing';
import { embeddedStoreModels } from './embedded-store-models';

const store = embeddedStoreModels();
const tenantId = 'tenant-routing';
const team = ['u_a', 'u_b', 'u_c', 'u_d', 'u_e', 'u_f', 'u_g'];
const actor: Actor = { id: 'u_manager', roles: ['manager'] };

describe('routing in the store', () => {
  it('gives the records one rule routes in one turn consecutive tickets with one $inc: each of a team of 7 gets one of 7', async () => {
    const definition = {
      ...getTemplate('standard_trunk').definition,
      assignment: { rules: [{ key: 'seven', name: { en: 'Seven' }, target: { team: { users: team }, strategy: 'round_robin' as const } }] },
    };
    const compiled = compile(definition, { version: 1 });
    if (!compiled.ok) throw new Error('the definition does not compile');
    const workflow = compiled.workflow;
    await store.models.User.insertMany(team.map((_id) => ({ _id, tenantId, name: _id, roles: ['sales'] })));
    const real = store.models.AssignmentCounter;
    let increments = 0;
    const AssignmentCounter = new Proxy(real, {
      get: (target, property) =>
        property === 'findOneAndUpdate'
          ? (...args: Parameters<typeof real.findOneAndUpdate>) => {
              increments += 1;
              return real.findOneAndUpdate(...args);
            }
          : Reflect.get(target, property),
    });
    const models = { ...store.models, AssignmentCounter } as Models;
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
    expect(increments).toBe(1);
    // The next turn goes on from the eighth ticket: the first member again.
    const next = await routing.route({ tenantId, workflow, rule, record: records[0] as (typeof records)[number], now, version: 1 });
    expect(next.owner).toBe('u_a');
    expect(increments).toBe(2);
  });
});
