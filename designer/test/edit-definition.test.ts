import { describe, expect, it } from 'vitest';
import { getTemplate } from '@funnel/schemas';
import { addStage, appendStage, connectStages, pasteStages, removeElements, updateStage } from '../src/model/edit-definition';
import { timerBadge, timerTarget } from '../src/model/timer-badge';
import { valueFromText, valueToText } from '../src/model/condition-value-text';
import { diagnosticTarget } from '../src/model/diagnostic-target';

const trunk = getTemplate('minimal_trunk').definition;

describe('editing a definition', () => {
  it('adds a stage of a kind under a fresh key, won stages ending the funnel', () => {
    const once = addStage({ definition: trunk, kind: 'won', position: { x: 10, y: 20 } });
    const twice = addStage({ definition: once.definition, kind: 'won', position: { x: 0, y: 0 } });
    expect([once.key, twice.key]).toEqual(['won', 'won_2']);
    expect(twice.definition.stages.at(-1)).toMatchObject({ key: 'won_2', outcome: 'won', probability: 100, terminal: true });
  });

  it('connects two stages with a transition named after both, in every locale', () => {
    const { definition, key } = connectStages({ definition: trunk, source: 'lead', target: 'lost' });
    expect(key).toBe('lead_to_lost');
    expect(definition.transitions.at(-1)).toEqual({
      key: 'lead_to_lost',
      name: { en: 'Lead → Lost', 'zh-Hans': '线索 → 输单', 'zh-Hant': '線索 → 輸單' },
      from: ['lead'],
      to: 'lost',
    });
  });

  it('removes a stage with the transitions into it, and drops it from every transition it leaves', () => {
    const shared = { ...trunk, transitions: [...trunk.transitions, { key: 'drop', name: { en: 'Drop' }, from: ['lead', 'opportunity'], to: 'lost' }] };
    const without = removeElements({ definition: shared, stages: ['opportunity'], edges: [] });
    expect(without.stages.map((s) => s.key)).not.toContain('opportunity');
    expect(without.transitions.some((t) => t.to === 'opportunity' || t.from.includes('opportunity'))).toBe(false);
    expect(without.transitions.find((t) => t.key === 'drop')?.from).toEqual(['lead']);
  });

  it('removes one drawn edge of a transition from several stages, and the transition with its last edge', () => {
    const shared = { ...trunk, transitions: [{ key: 'drop', name: { en: 'Drop' }, from: ['lead', 'opportunity'], to: 'lost' }] };
    const one = removeElements({ definition: shared, stages: [], edges: [{ transition: 'drop', from: 'lead' }] });
    expect(one.transitions).toEqual([{ key: 'drop', name: { en: 'Drop' }, from: ['opportunity'], to: 'lost' }]);
    expect(removeElements({ definition: one, stages: [], edges: [{ transition: 'drop', from: 'opportunity' }] }).transitions).toEqual([]);
  });

  it('pastes copies under fresh keys, offset, without the timers that name the original’s transitions', () => {
    const lead = trunk.stages.find((s) => s.key === 'lead')!;
    const { definition, keys } = pasteStages({ definition: trunk, stages: [lead] });
    expect(keys).toEqual(['lead_2']);
    const copy = definition.stages.at(-1)!;
    expect(copy.position).toEqual({ x: lead.position!.x + 40, y: lead.position!.y + 40 });
    expect(copy.timers).toBeUndefined();
  });

  it('renames a stage key everywhere it is referenced', () => {
    const lead = trunk.stages.find((s) => s.key === 'lead')!;
    const renamed = updateStage({ definition: trunk, key: 'lead', stage: { ...lead, key: 'prospect' } });
    expect(renamed.initialStage).toBe('prospect');
    expect(renamed.transitions.find((t) => t.key === 'qualify')?.from).toEqual(['prospect']);
    expect(renamed.transitions.some((t) => t.from.includes('lead') || t.to === 'lead')).toBe(false);
  });

  it('appends a stage after the selected one, in its phase, to its right where nothing is, with a transition to it', () => {
    const lead = trunk.stages.find((s) => s.key === 'lead')!;
    const appended = appendStage({ definition: trunk, from: 'lead', kind: 'stage' });
    expect(appended).toMatchObject({ stage: 'new_stage', transition: 'lead_to_new_stage' });
    const stage = appended.definition.stages.find((s) => s.key === 'new_stage')!;
    expect(stage.phase).toBe(lead.phase);
    expect(stage.position!.x).toBeGreaterThan(lead.position!.x + 220);
    const overlapping = trunk.stages.filter(
      (other) => Math.abs(other.position!.x - stage.position!.x) < 220 && Math.abs(other.position!.y - stage.position!.y) < 100,
    );
    expect(overlapping).toEqual([]);
    expect(appended.definition.transitions.at(-1)).toMatchObject({ from: ['lead'], to: 'new_stage', name: { en: 'Lead → New stage' } });
    expect(appendStage({ definition: trunk, from: 'opportunity', kind: 'won' }).definition.stages.at(-1)).toMatchObject({ key: 'won', outcome: 'won' });
  });

  it('renames a transition called by its stages when a stage is renamed, in each locale where no one edited it', () => {
    const connected = connectStages({ definition: trunk, source: 'lead', target: 'lost' }).definition;
    const edited = {
      ...connected,
      transitions: connected.transitions.map((t) => (t.key === 'lead_to_lost' ? { ...t, name: { ...t.name, 'zh-Hant': '放棄線索' } } : t)),
    };
    const lead = trunk.stages.find((s) => s.key === 'lead')!;
    const renamed = updateStage({
      definition: edited,
      key: 'lead',
      stage: { ...lead, name: { en: 'Prospect', 'zh-Hans': '潜在客户', 'zh-Hant': '潛在客戶' } },
    });
    expect(renamed.transitions.find((t) => t.key === 'lead_to_lost')?.name).toEqual({
      en: 'Prospect → Lost',
      'zh-Hans': '潜在客户 → 输单',
      'zh-Hant': '放棄線索',
    });
    // A name chosen by the template (not the default) stays as it is.
    expect(renamed.transitions.find((t) => t.key === 'qualify')?.name).toEqual(trunk.transitions.find((t) => t.key === 'qualify')?.name);
  });

  it('renames a stage key and its name at once: references and default names both follow', () => {
    const connected = connectStages({ definition: trunk, source: 'lead', target: 'lost' }).definition;
    const lead = trunk.stages.find((s) => s.key === 'lead')!;
    const renamed = updateStage({ definition: connected, key: 'lead', stage: { ...lead, key: 'prospect', name: { ...lead.name, en: 'Prospect' } } });
    expect(renamed.transitions.find((t) => t.key === 'lead_to_lost')).toMatchObject({ from: ['prospect'], name: { en: 'Prospect → Lost' } });
  });

  it('refuses a key another stage already has, changing nothing', () => {
    const lead = trunk.stages.find((s) => s.key === 'lead')!;
    expect(updateStage({ definition: trunk, key: 'lead', stage: { ...lead, key: 'opportunity' } })).toBe(trunk);
  });
});

describe('what the canvas shows', () => {
  it('writes a timer badge with where the timer sends the record and the extensions allowed', () => {
    const timer = {
      key: 't',
      after: 'P7D',
      action: { transition: 'recycle' },
      extension: { length: 'P7D', maxPerRecord: 2, approverRoles: ['manager' as const] },
    };
    const target = timerTarget({ timer, definition: trunk });
    expect(target?.key).toBe('pool');
    expect(timerBadge({ timer, target, locale: 'en', extensionWord: 'ext.' })).toBe('7d → Public pool, 2 × 7d ext.');
    expect(timerBadge({ timer, target, locale: 'zh-Hans', extensionWord: '延期' })).toBe('7天 → 公海, 2 × 7天 延期');
    const dangling = { ...timer, action: { transition: 'gone' } };
    expect(timerTarget({ timer: dangling, definition: trunk })).toBeUndefined();
    expect(timerBadge({ timer: dangling, target: undefined, locale: 'en', extensionWord: 'ext.' })).toBe('7d → gone, 2 × 7d ext.');
  });

  it('finds the element a diagnostic points into', () => {
    expect(diagnosticTarget({ definition: trunk, diagnostic: { pointer: '/stages/1/timers/0/after' } })).toEqual({ kind: 'stage', key: 'opportunity' });
    expect(diagnosticTarget({ definition: trunk, diagnostic: { pointer: '/transitions/0/to' } })).toEqual({ kind: 'transition', key: 'qualify' });
    expect(diagnosticTarget({ definition: trunk, diagnostic: { pointer: '/fields/required' } })).toEqual({ kind: 'workflow' });
    expect(diagnosticTarget({ definition: trunk, diagnostic: { pointer: '/stages/99' } })).toEqual({ kind: 'workflow' });
  });

  it('reads condition values as typed: numbers, booleans, quoted strings, comma lists', () => {
    expect(valueFromText({ text: '60', list: false })).toBe(60);
    expect(valueFromText({ text: 'true', list: false })).toBe(true);
    expect(valueFromText({ text: '"60"', list: false })).toBe('60');
    expect(valueFromText({ text: 'web', list: false })).toBe('web');
    expect(valueFromText({ text: 'web, event, 3', list: true })).toEqual(['web', 'event', 3]);
    expect(valueToText(['web', 'event'])).toBe('web, event');
    expect(valueToText(60)).toBe('60');
  });
});
