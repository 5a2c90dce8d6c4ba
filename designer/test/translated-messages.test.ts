import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import type { Blocker } from '@funnel/engine';
import { templates, type WorkflowDefinition } from '@funnel/schemas';
import { en } from '../src/i18n/en';
import { zhHans } from '../src/i18n/zh-Hans';
import { zhHant } from '../src/i18n/zh-Hant';
import { blockerText } from '../src/model/blocker-text';
import { diagnosticText } from '../src/model/diagnostic-text';
import { diffPropertyLabel, diffValueText } from '../src/model/diff-value-text';
import { untranslatedNames } from '../src/model/untranslated-names';
import { validateLocally } from '../src/model/validate-locally';

const LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const;

async function translators() {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { en: { translation: en }, 'zh-Hans': { translation: zhHans }, 'zh-Hant': { translation: zhHant } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  return (locale: string) => instance.getFixedT(locale) as (key: string, options?: Record<string, unknown>) => string;
}

/** The minimal trunk with a stage nothing leads to or from, and a transition to a stage that does not exist. */
function brokenTrunk(): WorkflowDefinition {
  const trunk = templates.find((template) => template.key === 'minimal_trunk')!.definition;
  return {
    ...trunk,
    stages: [
      ...trunk.stages,
      { key: 'island', name: { en: 'Island', 'zh-Hans': '孤岛', 'zh-Hant': '孤島' }, phase: 'lead', probability: 5, forecastCategory: 'omitted' },
    ],
    transitions: trunk.transitions.map((transition) => (transition.key === 'win' ? { ...transition, to: 'nowhere' } : transition)),
  };
}

describe('diagnostics in the user language', () => {
  it('says the engine diagnostics it can rebuild in every locale, with the stage names of that locale', async () => {
    const t = await translators();
    const definition = brokenTrunk();
    const diagnostics = validateLocally(definition);
    const island = `/stages/${definition.stages.findIndex((stage) => stage.key === 'island')}`;
    const byCode = (code: string) => diagnostics.find((d) => d.code === code && (d.pointer === island || code === 'compile.unknown_stage'))!;
    expect(diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['compile.unreachable_stage', 'compile.dead_end', 'compile.unknown_stage']));
    const say = (code: string, locale: string) => diagnosticText({ diagnostic: byCode(code), definition, t: t(locale), locale });

    expect(say('compile.unreachable_stage', 'en')).toBe('Stage “Island” cannot be reached from the first stage “Lead”; add a transition to it or remove it');
    expect(say('compile.unreachable_stage', 'zh-Hans')).toBe('从首个阶段“线索”无法到达阶段“孤岛”；请添加一个转到它的转换，或删除它');
    expect(say('compile.dead_end', 'zh-Hant')).toContain('階段「孤島」沒有出路');
    expect(say('compile.unknown_stage', 'zh-Hans')).toBe('“nowhere”不是此流程的阶段');
    for (const locale of LOCALES)
      for (const diagnostic of diagnostics) expect(diagnosticText({ diagnostic, definition, t: t(locale), locale })).not.toMatch(/^diagnostic\./);
  });

  it('keeps the English message when the message cannot be rebuilt (unknown code, pointer into nothing)', async () => {
    const t = await translators();
    const definition = brokenTrunk();
    const schemaError = { severity: 'error' as const, code: 'schema.required', pointer: '/stages/0', message: 'must have required property "phase"' };
    expect(diagnosticText({ diagnostic: schemaError, definition, t: t('zh-Hans'), locale: 'zh-Hans' })).toBe(schemaError.message);
    const dangling = { severity: 'error' as const, code: 'compile.unknown_stage', pointer: '/transitions/99/to', message: 'goes to "x" which does not exist' };
    expect(diagnosticText({ diagnostic: dangling, definition, t: t('zh-Hans'), locale: 'zh-Hans' })).toBe(dangling.message);
  });
});

/** Each a definition broken in one way, and the code compile gives it. */
function brokenInEveryWay(): { code: string; definition: WorkflowDefinition }[] {
  const trunk = templates.find((template) => template.key === 'minimal_trunk')!.definition;
  const withStage = (key: string, change: (stage: WorkflowDefinition['stages'][number]) => WorkflowDefinition['stages'][number]) => ({
    ...trunk,
    stages: trunk.stages.map((stage) => (stage.key === key ? change(stage) : stage)),
  });
  const timer = { key: 'idle', name: { en: 'Idle', 'zh-Hans': '闲置', 'zh-Hant': '閒置' }, after: 'P14D', action: { transition: 'recycle' } };
  const team = (target: Record<string, unknown>) =>
    ({
      ...trunk,
      assignment: { rules: [{ key: 'route', name: { en: 'Route', 'zh-Hans': '分配', 'zh-Hant': '分配' }, target }] },
    }) as WorkflowDefinition;
  return [
    { code: 'compile.warning_too_early', definition: withStage('lead', (stage) => ({ ...stage, timers: [{ ...timer, warnBefore: 'P30D' }] })) },
    { code: 'compile.duration_too_long', definition: withStage('lead', (stage) => ({ ...stage, timers: [{ ...timer, after: 'P1000Y' }] })) },
    {
      code: 'compile.transition_not_from_stage',
      definition: withStage('lead', (stage) => ({ ...stage, timers: [{ ...timer, action: { transition: 'win' } }] })),
    },
    {
      code: 'compile.claim_without_transition',
      definition: withStage('pool', (stage) => ({ ...stage, pool: { kind: 'public', claim: { to: 'opportunity' } } })),
    },
    {
      code: 'compile.unknown_reason',
      definition: { ...trunk, rules: [{ key: 'r', name: { en: 'R', 'zh-Hans': '规', 'zh-Hant': '規' }, when: true, fire: 'lose', reason: 'nope' }] },
    },
    {
      code: 'compile.pattern_unsupported',
      definition: { ...trunk, fields: { ...trunk.fields, properties: { ...trunk.fields.properties, code: { type: 'string', pattern: '(?=a)b' } } } },
    },
    {
      code: 'compile.capacity_closing_stage',
      definition: {
        ...team({ team: { role: 'sales' }, strategy: 'round_robin' }),
        assignment: { rules: team({ user: 'u1' }).assignment!.rules, capacity: { max: 5, stages: ['order'] } },
      },
    },
    { code: 'compile.assignment_target', definition: team({ user: 'u1', team: { role: 'sales' } }) },
    { code: 'compile.assignment_target', definition: team({}) },
    { code: 'compile.assignment_target', definition: team({ team: {}, strategy: 'round_robin' }) },
    { code: 'compile.assignment_strategy', definition: team({ user: 'u1', strategy: 'round_robin' }) },
    { code: 'compile.assignment_strategy', definition: team({ team: { role: 'sales' } }) },
    { code: 'compile.assignment_strategy', definition: team({ team: { role: 'sales' }, strategy: 'round_robin', weights: { u1: 2 } }) },
    { code: 'compile.unknown_member', definition: team({ team: { users: ['u1'] }, strategy: 'weighted_round_robin', weights: { u2: 2 } }) },
    { code: 'guard.operator', definition: withStage('opportunity', (stage) => ({ ...stage, guard: { logic: { regex: ['a', 'b'] }, message: { en: 'No' } } })) },
    {
      code: 'guard.unknown_var',
      definition: withStage('opportunity', (stage) => ({ ...stage, guard: { logic: { '==': [{ var: 'nowhere' }, 1] }, message: { en: 'No' } } })),
    },
  ];
}

describe('every diagnostic in the user language, with its parameters', () => {
  it.each(brokenInEveryWay().map((broken, index) => [broken.code, index, broken] as const))(
    'says %s (case %i) from a translated template in each locale',
    async (code, _index, broken) => {
      const t = await translators();
      const diagnostics = validateLocally(broken.definition).filter((diagnostic) => diagnostic.code === code);
      expect(diagnostics.length, `compile gives ${code}`).toBeGreaterThan(0);
      for (const diagnostic of diagnostics) {
        const said = LOCALES.map((locale) => diagnosticText({ diagnostic, definition: broken.definition, t: t(locale), locale }));
        expect(said[0]).not.toBe(diagnostic.message);
        for (const text of said) expect(text).not.toMatch(/diagnostic\.|\{\{/);
        // Simplified and Traditional Chinese say it in Chinese: no English sentence left.
        for (const text of said.slice(1)) expect(text.replace(/“[^”]*”|「[^」]*」|[A-Za-z_]*\d[\w]*|\w+_\w+|u\d/g, '')).not.toMatch(/[A-Za-z]{3,}/);
      }
    },
  );

  it('says a property the schema misses or does not know by its name, without a definition (an imported file)', async () => {
    const t = await translators();
    const missing = { severity: 'error' as const, code: 'schema.required', pointer: '/stages/0/phase', message: '"phase" is required here' };
    expect(diagnosticText({ diagnostic: missing, definition: null, t: t('zh-Hans'), locale: 'zh-Hans' })).toBe('此处必须填写“phase”');
    const unknown = {
      severity: 'error' as const,
      code: 'schema.additionalProperties',
      pointer: '/color',
      message: '"color" is not a known property of this value',
    };
    expect(diagnosticText({ diagnostic: unknown, definition: null, t: t('zh-Hant'), locale: 'zh-Hant' })).toBe('此處不認識「color」');
  });

  it('warns about each stage, transition, reason and timer name without a translation, and says which locales it lacks', async () => {
    const t = await translators();
    const trunk = templates.find((template) => template.key === 'minimal_trunk')!.definition;
    expect(untranslatedNames(trunk)).toEqual([]);
    const lead = trunk.stages[0]!;
    const definition: WorkflowDefinition = {
      ...trunk,
      stages: [
        {
          ...lead,
          name: { en: 'Prospect', 'zh-Hans': '潜在客户' },
          timers: [{ key: 't', name: { en: 'Idle' }, after: 'P7D', action: { transition: 'recycle' } }],
        },
        ...trunk.stages.slice(1),
      ],
      transitions: trunk.transitions.map((transition) =>
        transition.key === 'lose'
          ? { ...transition, name: { en: 'Drop' }, reason: { required: true, options: [{ key: 'x', name: { en: 'Other' } }] } }
          : transition,
      ),
    };
    const warnings = untranslatedNames(definition);
    const lose = definition.transitions.findIndex((transition) => transition.key === 'lose');
    expect(warnings.map((warning) => [warning.severity, warning.pointer])).toEqual([
      ['warning', '/stages/0/name'],
      ['warning', '/stages/0/timers/0/name'],
      ['warning', `/transitions/${lose}/name`],
      ['warning', `/transitions/${lose}/reason/options/0/name`],
    ]);
    expect(diagnosticText({ diagnostic: warnings[0]!, definition, t: t('en'), locale: 'en' })).toBe(
      '“Prospect” has no 繁體中文 name yet (it shows in English there)',
    );
    expect(diagnosticText({ diagnostic: warnings[2]!, definition, t: t('zh-Hans'), locale: 'zh-Hans' })).toBe(
      '“Drop”还没有简体中文和繁體中文名称（在那里会显示英文）',
    );
  });
});

describe('a version diff in the user language, old → new', () => {
  it('says changed properties by their labels and their values in words, stages by their names in each version', async () => {
    const t = await translators();
    const trunk = templates.find((template) => template.key === 'minimal_trunk')!.definition;
    const say = (property: string, value: unknown, kind: 'stages' | 'transitions' = 'stages', locale = 'zh-Hans') =>
      diffValueText({ kind, property, value, definition: trunk, t: t(locale), locale });
    expect(diffPropertyLabel({ kind: 'stages', property: 'probability', t: t('zh-Hans') })).toBe('赢率 (%)');
    expect(diffPropertyLabel({ kind: 'stages', property: 'nothing_like_it', t: t('en') })).toBeNull();
    expect(say('probability', 30, 'stages', 'en')).toEqual({ text: '30%', raw: false });
    expect(say('phase', 'opportunity')).toEqual({ text: '商机', raw: false });
    expect(say('forecastCategory', 'best_case', 'stages', 'zh-Hant').raw).toBe(false);
    expect(say('name', { en: 'Lead', 'zh-Hans': '线索' })).toEqual({ text: '线索', raw: false });
    expect(say('to', 'opportunity', 'transitions')).toEqual({ text: '商机', raw: false });
    expect(say('from', ['lead', 'pool'], 'transitions', 'en')).toEqual({ text: 'Lead, Public pool', raw: false });
    expect(say('roles', ['sales', 'manager'], 'transitions')).toEqual({ text: '销售, 经理', raw: false });
    expect(say('terminal', true, 'stages', 'en')).toEqual({ text: 'Yes', raw: false });
    expect(say('outcome', undefined)).toEqual({ text: '—', raw: false });
    expect(say('timers', [{ key: 't', after: 'P7D', action: { transition: 'recycle' } }])).toEqual({
      text: '[{"key":"t","after":"P7D","action":{"transition":"recycle"}}]',
      raw: true,
    });
  });
});

describe('blockers in the user language', () => {
  const blockers: Blocker[] = [
    { type: 'wrong_stage', stage: 'lead', allowed: ['opportunity'] },
    { type: 'role', required: ['manager'] },
    { type: 'missing_field', field: 'amount', pointer: '/amount' },
    { type: 'invalid_field', code: 'schema.type', pointer: '/amount', message: 'must be number' },
    { type: 'reason_required', options: ['price'] },
    { type: 'unknown_reason', reason: 'x', options: ['price'] },
    { type: 'probability_override_not_allowed' },
    { type: 'limit_reached', limit: 'claims', max: 3, current: 3 },
    { type: 'cooldown', until: Date.UTC(2026, 0, 2) },
    { type: 'not_in_pool' },
    { type: 'no_extension_policy', timer: 'recycle' },
    { type: 'no_pending_extension', timer: 'recycle' },
    { type: 'extension_pending', timer: 'recycle' },
    { type: 'not_owner', owner: 'u1' },
    { type: 'wrong_version', expected: 2, actual: 3 },
    { type: 'approval_required', roles: ['manager'], ownerManager: true },
    { type: 'approval_pending', transition: 'win', requestedBy: 'u1' },
    { type: 'no_pending_approval', transition: 'win' },
    { type: 'approval_not_required', transition: 'win' },
    { type: 'not_approver', roles: ['manager'], ownerManager: false },
    { type: 'own_request' },
    { type: 'record_closed', outcome: 'won' },
  ];

  it.each(blockers.map((blocker) => [blocker.type, blocker] as const))('says %s from a translated template in each locale', async (_type, blocker) => {
    const t = await translators();
    const said = LOCALES.map((locale) => blockerText({ blocker, t: t(locale), locale }));
    for (const text of said) expect(text).not.toMatch(/^blocker\./);
    expect(said[1]).not.toBe(said[0]);
    expect(said[2]).not.toBe(said[0]);
  });

  it("says a guard's message in the locale's text, falling back to English", async () => {
    const t = await translators();
    const blocker: Blocker = { type: 'guard', message: { en: 'Score too low', 'zh-Hans': '分数太低' } };
    expect(blockerText({ blocker, t: t('zh-Hans'), locale: 'zh-Hans' })).toBe('分数太低');
    expect(blockerText({ blocker, t: t('zh-Hant'), locale: 'zh-Hant' })).toBe('Score too low');
    expect(blockerText({ blocker, t: t('en'), locale: 'en' })).toBe('Score too low');
  });
});
