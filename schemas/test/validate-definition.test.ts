import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../src';

const minimal = {
  schemaVersion: 1,
  key: 'tiny',
  name: { en: 'Tiny' },
  fields: { type: 'object', properties: {} },
  initialStage: 'lead',
  stages: [{ key: 'lead', name: { en: 'Lead' }, phase: 'lead', probability: 0, forecastCategory: 'omitted', terminal: true }],
  transitions: [],
};

describe('validateDefinition', () => {
  it('accepts a minimal definition', () => {
    expect(validateDefinition(minimal)).toEqual({ ok: true, definition: minimal });
  });

  it('names the missing property with a pointer to where it belongs', () => {
    const { phase: _phase, ...stage } = minimal.stages[0]!;
    const result = validateDefinition({ ...minimal, stages: [stage] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics).toContainEqual(expect.objectContaining({ pointer: '/stages/0/phase', message: '"phase" is required here' }));
  });

  it('explains a bad duration and a bad enum in words', () => {
    const stage = { ...minimal.stages[0]!, phase: 'deal', timers: [{ key: 't', after: '7 days', action: { transition: 'x' } }] };
    const result = validateDefinition({ ...minimal, stages: [stage] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ pointer: '/stages/0/phase', message: 'must be one of "lead", "opportunity", "order"' }),
    );
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ pointer: '/stages/0/timers/0/after', message: expect.stringContaining('ISO-8601 duration') }),
    );
  });

  it('reports one error for a wrong effect, not one per variant', () => {
    const result = validateDefinition({
      ...minimal,
      transitions: [{ key: 't', name: { en: 'T' }, from: ['lead'], to: 'lead', effects: [{ type: 'teleport' }] }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.filter((d) => d.pointer.startsWith('/transitions/0/effects/0'))).toEqual([
      expect.objectContaining({
        pointer: '/transitions/0/effects/0/type',
        message: expect.stringMatching(/^"teleport" is not a known type; it must be one of "assign_to_actor", .*"notify"$/),
      }),
    ]);
  });
});

describe("validateDefinition on issue 20's sections", () => {
  const pointers = (definition: unknown) => {
    const result = validateDefinition(definition);
    return result.ok ? [] : result.diagnostics.map((d) => d.pointer);
  };
  const stage = minimal.stages[0]!;

  it('refuses a timer counting from something other than stage entry or the last activity', () => {
    const timers = [{ key: 't', after: 'P7D', from: 'last_call', action: { transition: 'x' } }];
    expect(pointers({ ...minimal, stages: [{ ...stage, timers }] })).toContain('/stages/0/timers/0/from');
  });

  it('refuses scoring without a maximum, fractional points and an engagement rule for an unknown activity', () => {
    const scoring = {
      fit: [{ key: 'f', name: { en: 'F' }, when: true, points: 2.5 }],
      engagement: [{ key: 'e', name: { en: 'E' }, activity: 'visit', points: 5 }],
    };
    expect(pointers({ ...minimal, scoring })).toEqual(expect.arrayContaining(['/scoring/max', '/scoring/fit/0/points', '/scoring/engagement/0/activity']));
  });

  it('refuses a probability policy other than keep or reset, and a pipeline probability over 100', () => {
    const pipelines = [{ key: 'p', name: { en: 'P' }, entryStage: 'lead', probabilities: { lead: 120 } }];
    expect(pointers({ ...minimal, probabilities: { override: 'sometimes' }, pipelines })).toEqual(
      expect.arrayContaining(['/probabilities/override', '/pipelines/0/probabilities/lead']),
    );
  });

  it('refuses an approval naming an unknown role and guidance without text', () => {
    const transitions = [{ key: 't', name: { en: 'T' }, from: ['lead'], to: 'lead', approval: { roles: ['boss'] } }];
    expect(pointers({ ...minimal, transitions, stages: [{ ...stage, guidance: { keyFields: ['x'] } }] })).toEqual(
      expect.arrayContaining(['/transitions/0/approval/roles/0', '/stages/0/guidance/text']),
    );
  });
});
