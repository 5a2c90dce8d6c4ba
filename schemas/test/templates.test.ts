import { describe, expect, it } from 'vitest';
import { getTemplate, LOCALES, SchemaError, templates, validateDefinition, type LocalizedText } from '../src';

const TEMPLATE_KEYS = ['minimal_trunk', 'standard_trunk', 'mql_srl_sql', 'six_stage', 'customer_lifecycle'];

/** Every localized text in a value, with the JSON pointer where it stands. */
function localizedTexts(value: unknown, pointer = ''): { pointer: string; text: LocalizedText }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => localizedTexts(item, `${pointer}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  if ('en' in value && typeof value.en === 'string') return [{ pointer, text: value as LocalizedText }];
  return Object.entries(value).flatMap(([key, item]) => localizedTexts(item, `${pointer}/${key}`));
}

/** Pointers of the things that must carry a name: stages, transitions, reasons, rules, timers, cadences, pipelines, fields. */
function namedThings(definition: (typeof templates)[number]['definition']): { pointer: string; name: unknown }[] {
  const stages = definition.stages.flatMap((stage, s) => [
    { pointer: `/stages/${s}`, name: stage.name },
    ...(stage.timers ?? []).map((timer, t) => ({ pointer: `/stages/${s}/timers/${t}`, name: timer.name })),
    ...(stage.pool?.nurture ?? []).map((cadence, c) => ({ pointer: `/stages/${s}/pool/nurture/${c}`, name: cadence.name })),
  ]);
  const transitions = definition.transitions.flatMap((transition, t) => [
    { pointer: `/transitions/${t}`, name: transition.name },
    ...(transition.reason?.options ?? []).map((reason, r) => ({ pointer: `/transitions/${t}/reason/options/${r}`, name: reason.name })),
  ]);
  return [
    { pointer: '', name: definition.name },
    { pointer: '/description', name: definition.description },
    ...stages,
    ...transitions,
    ...(definition.rules ?? []).map((rule, r) => ({ pointer: `/rules/${r}`, name: rule.name })),
    ...(definition.assignment?.rules ?? []).map((rule, r) => ({ pointer: `/assignment/rules/${r}`, name: rule.name })),
    ...(definition.pipelines ?? []).map((pipeline, p) => ({ pointer: `/pipelines/${p}`, name: pipeline.name })),
    ...Object.entries(definition.fields.properties).map(([field, spec]) => ({ pointer: `/fields/properties/${field}`, name: spec.title })),
  ];
}

describe('shipped templates', () => {
  it('ships the five templates, each keyed like its definition, keys unique', () => {
    expect(templates.map((t) => t.key)).toEqual(TEMPLATE_KEYS);
    for (const t of templates) expect(t.definition.key).toBe(t.key);
  });

  it.each(TEMPLATE_KEYS)('%s passes the definition schema', (key) => {
    const result = validateDefinition(getTemplate(key).definition);
    expect(result.ok ? [] : result.diagnostics).toEqual([]);
  });

  it.each(TEMPLATE_KEYS)('%s names every stage, transition, reason, rule, timer, cadence, pipeline and field', (key) => {
    const unnamed = namedThings(getTemplate(key).definition)
      .filter((thing) => thing.name === undefined)
      .map((thing) => thing.pointer);
    expect(unnamed).toEqual([]);
  });

  it.each(TEMPLATE_KEYS)('%s has every text in English, Simplified and Traditional Chinese', (key) => {
    const texts = localizedTexts(getTemplate(key));
    expect(texts.length).toBeGreaterThan(10);
    const incomplete = texts.filter(({ text }) => LOCALES.some((locale) => !text[locale]?.trim())).map(({ pointer }) => pointer);
    expect(incomplete).toEqual([]);
  });

  it.each(TEMPLATE_KEYS)('%s gives every stage a distinct designer position', (key) => {
    const positions = getTemplate(key).definition.stages.map((stage) => JSON.stringify(stage.position));
    expect(positions).not.toContain(undefined);
    expect(new Set(positions).size).toBe(positions.length);
  });

  it('keeps stage and transition keys unique within each template', () => {
    for (const { definition } of templates) {
      const stageKeys = definition.stages.map((s) => s.key);
      const transitionKeys = definition.transitions.map((t) => t.key);
      expect(new Set(stageKeys).size, definition.key).toBe(stageKeys.length);
      expect(new Set(transitionKeys).size, definition.key).toBe(transitionKeys.length);
    }
  });

  it('lays the standard trunk out as the trade describes it', () => {
    const { definition } = getTemplate('standard_trunk');
    const stage = (key: string) => definition.stages.find((s) => s.key === key);
    expect(['opportunity', 'product_trial', 'contract_negotiation', 'won'].map((k) => stage(k)?.probability)).toEqual([10, 30, 70, 100]);
    expect(stage('sql')?.timers?.[0]).toMatchObject({
      after: 'P7D',
      action: { transition: 'recycle' },
      extension: { length: 'P7D', maxPerRecord: 2, approverRoles: ['manager'], maxOpenPerOwner: 10 },
    });
    const returnMql = definition.transitions.find((t) => t.key === 'return_mql');
    expect(returnMql).toMatchObject({ from: ['sql'], to: 'mql', roles: ['sales'], reason: { required: true } });
    expect(returnMql?.effects).toContainEqual({ type: 'exclude_from_performance' });
    expect(definition.transitions.find((t) => t.key === 'create_opportunity')?.requiredFields).toEqual(['product', 'seats', 'companyName']);
    expect(definition.rules?.[0]).toMatchObject({ key: 'disqualify_unreachable', fire: 'disqualify', reason: 'no_answer_x3' });
    expect(definition.transitions.find((t) => t.key === 'disqualify')?.reason?.options.map((o) => o.key)).toContain('no_answer_x3');
    // New leads go round the sales team, one each in turn (issue 19).
    expect(definition.assignment).toEqual({
      rules: [
        { key: 'sales_team', name: expect.objectContaining({ en: 'Sales team, in turn' }), target: { team: { role: 'sales' }, strategy: 'round_robin' } },
      ],
    });
    expect(stage('pool')?.pool?.nurture?.map((c) => [c.key, c.every])).toEqual([
      ['no_need', 'P30D'],
      ['third_party_list', 'P14D'],
      ['default', 'P30D'],
    ]);
    expect(stage('pool')?.pool?.dormancy).toEqual({ afterTouchesWithoutResponse: 5, every: 'P180D' });
  });

  /** [key, phase, probability, forecast category, outcome] of each stage, in definition order. */
  const layout = (key: string) => getTemplate(key).definition.stages.map((s) => [s.key, s.phase, s.probability, s.forecastCategory, s.outcome ?? null]);

  it('lays the minimal trunk out as lead → opportunity → order, with lost and the public pool', () => {
    const { definition } = getTemplate('minimal_trunk');
    expect(layout('minimal_trunk')).toEqual([
      ['lead', 'lead', 0, 'omitted', null],
      ['opportunity', 'opportunity', 30, 'pipeline', null],
      ['order', 'order', 100, 'closed', 'won'],
      ['lost', 'opportunity', 0, 'omitted', 'lost'],
      ['pool', 'lead', 0, 'omitted', null],
    ]);
    expect(definition.stages.find((s) => s.key === 'pool')?.pool?.kind).toBe('public');
    // A lead needs only contact details (a name, and a phone or an email); an opportunity its company and product.
    expect(definition.fields.required).toEqual(['name']);
    expect(definition.stages.find((s) => s.key === 'lead')?.guard?.logic).toEqual({ or: [{ '!!': { var: 'phone' } }, { '!!': { var: 'email' } }] });
    expect(definition.stages.find((s) => s.key === 'opportunity')?.requiredFields).toEqual(['companyName', 'product']);
  });

  it('lays the MQL/SRL/SQL pipeline out with SRL as unqualified and SQL as qualified pipeline, and farmers starting at SRL', () => {
    const { definition } = getTemplate('mql_srl_sql');
    expect(layout('mql_srl_sql')).toEqual([
      ['mql', 'lead', 0, 'omitted', null],
      ['srl', 'opportunity', 5, 'pipeline', null],
      ['sql', 'opportunity', 20, 'pipeline', null],
      ['discovery', 'opportunity', 40, 'best_case', null],
      ['negotiation', 'opportunity', 60, 'best_case', null],
      ['contract', 'opportunity', 80, 'commit', null],
      ['closed_won', 'order', 100, 'closed', 'won'],
      ['closed_lost', 'opportunity', 0, 'omitted', 'lost'],
      ['pool', 'lead', 0, 'omitted', null],
    ]);
    const name = (key: string) => definition.stages.find((s) => s.key === key)?.name;
    expect(name('srl')).toMatchObject({
      en: 'SRL (unqualified pipeline)',
      'zh-Hans': expect.stringContaining('未确认管道'),
      'zh-Hant': expect.stringContaining('未確認管道'),
    });
    expect(name('sql')).toMatchObject({
      en: 'SQL (qualified pipeline)',
      'zh-Hans': expect.stringContaining('已确认管道'),
      'zh-Hant': expect.stringContaining('已確認管道'),
    });
    expect(definition.initialStage).toBe('mql');
    expect(definition.pipelines?.map((p) => [p.key, p.entryStage])).toEqual([
      ['new_business', 'mql'],
      ['existing_customers', 'srl'],
    ]);
  });

  it('lays the six-stage funnel out with win rates 0/10/30/50/70/90, and 100 only once the signed contract is paid', () => {
    const { definition } = getTemplate('six_stage');
    const open = definition.stages.filter((s) => !s.terminal);
    expect(open.map((s) => s.probability)).toEqual([0, 10, 30, 50, 70, 90]);
    expect(open.some((s) => s.outcome)).toBe(false);
    const won = definition.stages.filter((s) => s.outcome === 'won');
    expect(won.map((s) => [s.key, s.probability])).toEqual([['paid', 100]]);
    expect(definition.transitions.filter((t) => t.to === 'paid').map((t) => t.from)).toEqual([['contract_signed']]);
  });

  it('lays the customer lifecycle out as list → lead → MQL → SQL → opportunity → customer', () => {
    const { definition } = getTemplate('customer_lifecycle');
    const next = (from: string) => definition.transitions.filter((t) => t.from.includes(from) && !['lost', 'pool'].includes(t.to)).map((t) => t.to);
    const path = [definition.initialStage];
    for (let stage = next(definition.initialStage); stage.length === 1; stage = next(stage[0] as string)) path.push(stage[0] as string);
    expect(path).toEqual(['list', 'lead', 'mql', 'sql', 'opportunity', 'customer']);
    expect(definition.stages.find((s) => s.key === 'customer')).toMatchObject({ phase: 'order', probability: 100, outcome: 'won' });
  });

  it('keeps the shipped templates from being changed by accident: the list is frozen, getTemplate gives a copy', () => {
    const shipped = templates.find((t) => t.key === 'standard_trunk')!.definition;
    expect(() => {
      (shipped.stages[0] as { key: string }).key = 'changed';
    }).toThrowError(TypeError);
    expect(() => shipped.transitions.push(shipped.transitions[0]!)).toThrowError(TypeError);
    const copy = getTemplate('standard_trunk').definition;
    copy.stages[0]!.key = 'changed';
    copy.transitions.pop();
    expect(getTemplate('standard_trunk').definition).toEqual(shipped);
    expect(shipped.stages[0]?.key).toBe('lead');
  });

  it('refuses an unknown template key with a code and the keys it knows', () => {
    expect(() => getTemplate('nope')).toThrowError(SchemaError);
    expect(() => getTemplate('nope')).toThrowError(/no template "nope"; the templates are "minimal_trunk", "standard_trunk"/);
  });
});
