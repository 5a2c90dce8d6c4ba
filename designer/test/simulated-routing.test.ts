import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { compile, type CompiledWorkflow, type FunnelRecord } from '@funnel/engine';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { en } from '../src/i18n/en';
import { zhHans } from '../src/i18n/zh-Hans';
import { zhHant } from '../src/i18n/zh-Hant';
import { routingText } from '../src/model/routing-text';
import { type RoutingPerson, simulatedRouting } from '../src/model/simulated-routing';
import { SCORE_AHEAD_DAYS, simulatedScore } from '../src/model/simulated-score';

const NOW = Date.UTC(2026, 11, 7, 9);
const DAY_MS = 24 * 60 * 60 * 1000;

/** The standard trunk routing big accounts to everyone below Lee by weight, the rest to sales in turn; scored by seats and answered calls. */
function routedTrunk(scoring: boolean): CompiledWorkflow {
  const trunk = getTemplate('standard_trunk').definition;
  const definition: WorkflowDefinition = {
    ...trunk,
    assignment: {
      rules: [
        {
          key: 'big',
          name: { en: 'Big accounts', 'zh-Hans': '大客户', 'zh-Hant': '大客戶' },
          when: { '>=': [{ var: 'seats' }, 500] },
          target: { team: { manager: 'u_lee' }, strategy: 'weighted_round_robin', weights: { u_cat: 3 } },
        },
        { key: 'sales', name: { en: 'Sales team' }, target: { team: { role: 'sales' }, strategy: 'round_robin' } },
      ],
    },
    ...(scoring
      ? {
          scoring: {
            max: 100,
            fit: [{ key: 'big', name: { en: '500+ seats' }, when: { '>=': [{ var: 'seats' }, 500] }, points: 40 }],
            engagement: [{ key: 'answered', name: { en: 'Answered call' }, activity: 'call' as const, outcomes: ['answered'], points: 20, halfLife: 'P15D' }],
          },
        }
      : {}),
  };
  const compiled = compile(definition);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  return compiled.workflow;
}

function person(id: string, more: Partial<RoutingPerson> = {}): RoutingPerson {
  return { id, name: id.replace('u_', '').toUpperCase(), roles: ['sales'], managerId: 'u_lee', active: true, availability: null, ...more };
}

const PEOPLE = [
  person('u_lee', { managerId: null, roles: ['manager'] }),
  person('u_bob'),
  person('u_cat'),
  person('u_dan', { managerId: 'u_cat' }),
  person('u_eve', { active: false }),
  person('u_fay', { availability: { awayFrom: new Date(NOW - DAY_MS).toISOString(), awayUntil: new Date(NOW + DAY_MS).toISOString() } }),
  person('u_gus', { managerId: 'u_other' }),
];

function recordWith(workflow: CompiledWorkflow, fields: Record<string, unknown>, activities: FunnelRecord['activities'] = []): FunnelRecord {
  return {
    id: 'r1',
    workflowKey: workflow.key,
    workflowVersion: 1,
    stage: 'lead',
    phase: 'lead',
    forecastCategory: 'pipeline',
    probability: 0,
    owner: 'u_someone',
    fields,
    counters: {},
    createdAt: NOW - DAY_MS,
    stageEnteredAt: NOW - DAY_MS,
    timers: [],
    nextDueAt: null,
    excludedFromPerformance: false,
    version: 1,
    activities,
  } as FunnelRecord;
}

describe('whom the simulator says routing would give the record to', () => {
  const workflow = routedTrunk(false);

  it('takes the first rule the record meets, and lists everyone below the manager by weight, leaving out the away and the deactivated', () => {
    const routing = simulatedRouting({ workflow, record: recordWith(workflow, { name: 'Big', seats: 800 }), now: NOW, people: PEOPLE });
    expect(routing.type === 'rule' && routing.rule.key).toBe('big');
    // Below Lee: Bob, Cat, Dan (through Cat), Eve (deactivated), Fay (away); Cat weighs 3 and leads a fresh rotation.
    expect(routing.type === 'rule' && routing.order?.map((p) => p.id)).toEqual(['u_cat', 'u_bob', 'u_dan']);
  });

  it('goes down to the next rule: everyone with the role sales in turn from the first by id', () => {
    const routing = simulatedRouting({ workflow, record: recordWith(workflow, { name: 'Small', seats: 5 }), now: NOW, people: PEOPLE });
    expect(routing.type === 'rule' && routing.rule.key).toBe('sales');
    expect(routing.type === 'rule' && routing.order?.map((p) => p.id)).toEqual(['u_bob', 'u_cat', 'u_dan', 'u_gus']);
  });

  it('names the rule without an order while the people are not known', () => {
    const routing = simulatedRouting({ workflow, record: recordWith(workflow, { seats: 5 }), now: NOW, people: null });
    expect(routing).toEqual({ type: 'rule', rule: workflow.assignment?.rules[1], order: null });
  });

  it('says the creator keeps a record no rule applies to', () => {
    const trunk = getTemplate('minimal_trunk').definition;
    const compiled = compile(trunk);
    if (!compiled.ok) throw new Error('minimal trunk');
    expect(simulatedRouting({ workflow: compiled.workflow, record: recordWith(compiled.workflow, {}), now: NOW, people: PEOPLE })).toEqual({ type: 'creator' });
  });
});

describe('the routing rule in words', () => {
  const workflow = routedTrunk(false);
  const [big, sales] = workflow.assignment?.rules ?? [];

  it('says the rule’s name, its target and strategy in each language, people by name', async () => {
    const instance = i18next.createInstance();
    await instance.init({
      resources: { en: { translation: en }, 'zh-Hans': { translation: zhHans }, 'zh-Hant': { translation: zhHant } },
      lng: 'en',
      interpolation: { escapeValue: false },
    });
    const personName = (id: string) => (id === 'u_lee' ? 'Lee' : id);
    const words = (locale: string, rule: typeof big) => routingText({ rule: rule!, t: instance.getFixedT(locale), locale, personName });
    expect(words('en', big)).toEqual({ rule: 'Big accounts', target: 'Everyone below Lee', strategy: 'In turn, by weight' });
    expect(words('en', sales)).toEqual({ rule: 'Sales team', target: 'Everyone with the role Sales', strategy: 'In turn (round robin)' });
    expect(words('zh-Hans', big)).toEqual({ rule: '大客户', target: 'Lee 的所有下属', strategy: '按权重轮流分配' });
    expect(words('zh-Hant', sales).target).toBe('所有角色為「銷售」的人');
  });
});

describe('the simulated record’s score now and later', () => {
  it('is the same record scored now and 30 days on: fit stays, engagement halves every half-life', () => {
    const workflow = routedTrunk(true);
    const record = recordWith(workflow, { seats: 800 }, [{ type: 'call', outcome: 'answered', at: NOW }]);
    expect(simulatedScore({ workflow, record, now: NOW })).toEqual({
      now: { score: 60, fit: 40, engagement: 20 },
      // Two half-lives of 15 days: 20 → 5.
      ahead: { score: 45, fit: 40, engagement: 5 },
    });
    expect(SCORE_AHEAD_DAYS).toBe(30);
  });

  it('is null when the definition does not score', () => {
    const workflow = routedTrunk(false);
    expect(simulatedScore({ workflow, record: recordWith(workflow, { seats: 800 }), now: NOW })).toBeNull();
  });
});
