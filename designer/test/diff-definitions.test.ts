import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@funnel/schemas';
import { diffDefinitions } from '../src/model/diff-definitions';

const base: WorkflowDefinition = {
  schemaVersion: 1,
  key: 'trunk',
  name: { en: 'Trunk' },
  fields: { type: 'object', properties: { name: { type: 'string' } } },
  initialStage: 'lead',
  stages: [
    { key: 'lead', name: { en: 'Lead' }, phase: 'lead', probability: 0, forecastCategory: 'omitted', position: { x: 0, y: 0 } },
    { key: 'opportunity', name: { en: 'Opportunity' }, phase: 'opportunity', probability: 10, forecastCategory: 'pipeline' },
    { key: 'lost', name: { en: 'Lost' }, phase: 'opportunity', probability: 0, forecastCategory: 'omitted', outcome: 'lost' },
  ],
  transitions: [
    { key: 'qualify', name: { en: 'Qualify' }, from: ['lead'], to: 'opportunity' },
    { key: 'lose', name: { en: 'Lose' }, from: ['opportunity'], to: 'lost' },
  ],
};

describe('diffDefinitions', () => {
  it('finds nothing between a version and itself', () => {
    const diff = diffDefinitions(base, structuredClone(base));
    expect(diff.stages).toMatchObject({ added: [], removed: [], changed: [] });
    expect(diff.transitions).toMatchObject({ added: [], removed: [], changed: [] });
    expect(diff.properties).toEqual([]);
  });

  it('reports stages and transitions added, removed and changed, by key and property', () => {
    const next = structuredClone(base);
    next.stages[1]!.probability = 30;
    next.stages = next.stages.filter((stage) => stage.key !== 'lost');
    next.stages.push({ key: 'trial', name: { en: 'Trial' }, phase: 'opportunity', probability: 30, forecastCategory: 'best_case' });
    next.transitions = [
      { key: 'qualify', name: { en: 'Qualify' }, from: ['lead'], to: 'opportunity', requiredFields: ['name'] },
      { key: 'try', name: { en: 'Try' }, from: ['opportunity'], to: 'trial' },
    ];
    next.name = { en: 'Trunk 2' };

    const diff = diffDefinitions(base, next);

    expect(diff.stages.added).toEqual(['trial']);
    expect(diff.stages.removed).toEqual(['lost']);
    expect(diff.stages.changed).toEqual([{ key: 'opportunity', properties: ['probability'] }]);
    expect(diff.stages.unchanged).toEqual(['lead']);
    expect(diff.transitions.added).toEqual(['try']);
    expect(diff.transitions.removed).toEqual(['lose']);
    expect(diff.transitions.changed).toEqual([{ key: 'qualify', properties: ['requiredFields'] }]);
    expect(diff.properties).toEqual(['name']);
  });

  it('does not count a stage moved on the canvas as a change', () => {
    const next = structuredClone(base);
    next.stages[0]!.position = { x: 400, y: 80 };
    next.stages[1]!.position = { x: 10, y: 10 };
    expect(diffDefinitions(base, next).stages.changed).toEqual([]);
  });

  it('sees a transition whose sources changed', () => {
    const next = structuredClone(base);
    next.transitions[1]!.from = ['opportunity', 'lead'];
    expect(diffDefinitions(base, next).transitions.changed).toEqual([{ key: 'lose', properties: ['from'] }]);
  });
});
