import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import type { Blocker } from '@funnel/engine';
import { templates, type WorkflowDefinition } from '@funnel/schemas';
import { en } from '../src/i18n/en';
import { zhHans } from '../src/i18n/zh-Hans';
import { zhHant } from '../src/i18n/zh-Hant';
import { blockerText } from '../src/model/blocker-text';
import { diagnosticText } from '../src/model/diagnostic-text';
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
