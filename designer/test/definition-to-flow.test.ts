import { describe, expect, it } from 'vitest';
import { templates } from '@funnel/schemas';
import { definitionToFlow, flowToDefinition } from '../src/model/definition-to-flow';
import { layoutStages } from '../src/model/layout-stages';

describe('definition ↔ nodes and edges', () => {
  it.each(templates.map((template) => [template.key, template.definition] as const))(
    'draws %s as one node per stage and one edge per transition source, and reads it back unchanged',
    (_key, definition) => {
      const flow = definitionToFlow(definition);
      expect(flow.nodes.map((node) => node.id)).toEqual(definition.stages.map((stage) => stage.key));
      expect(flow.edges).toHaveLength(definition.transitions.reduce((n, t) => n + t.from.length, 0));
      for (const edge of flow.edges) {
        const transition = definition.transitions.find((t) => t.key === edge.data?.transition.key);
        expect(transition?.from).toContain(edge.source);
        expect(edge.target).toBe(transition?.to);
      }
      expect(flowToDefinition({ base: definition, ...flow })).toEqual(definition);
    },
  );

  it('keeps a transition drawn from several stages as one transition, with the sources in order', () => {
    const definition = templates[0]!.definition;
    const shared = { ...definition.transitions[0]!, key: 'shared', from: ['lead', 'opportunity'], to: 'lost' };
    const withShared = { ...definition, transitions: [...definition.transitions, shared] };
    const flow = definitionToFlow(withShared);
    expect(flow.edges.filter((edge) => edge.data?.transition.key === 'shared').map((edge) => edge.id)).toEqual(['shared:lead', 'shared:opportunity']);
    expect(flowToDefinition({ base: withShared, ...flow }).transitions.at(-1)).toEqual(shared);
  });

  it('writes moved nodes back as stage positions, rounded to whole pixels', () => {
    const definition = templates[0]!.definition;
    const flow = definitionToFlow(definition);
    flow.nodes[1] = { ...flow.nodes[1]!, position: { x: 123.4, y: 56.6 } };
    expect(flowToDefinition({ base: definition, ...flow }).stages[1]!.position).toEqual({ x: 123, y: 57 });
  });

  it('asks for a layout when a stage has no position, and the layered layout gives every stage a distinct place', async () => {
    const definition = templates[1]!.definition;
    const unplaced = { ...definition, stages: definition.stages.map(({ position: _position, ...stage }) => stage) };
    expect(definitionToFlow(unplaced).needsLayout).toBe(true);
    const laidOut = (await layoutStages({ definition: unplaced, locale: 'en' })).definition;
    expect(definitionToFlow(laidOut).needsLayout).toBe(false);
    const places = new Set(laidOut.stages.map((stage) => `${stage.position?.x},${stage.position?.y}`));
    expect(places.size).toBe(definition.stages.length);
    const byKey = new Map(laidOut.stages.map((stage) => [stage.key, stage.position!]));
    // Layered left to right: the trunk's first transition points rightwards.
    const first = definition.transitions[0]!;
    expect(byKey.get(first.to)!.x).toBeGreaterThan(byKey.get(first.from[0]!)!.x);
  });

  it.each(templates.map((template) => [template.key, template.definition] as const))(
    'lays out %s with its won and lost stages in a last column of their own, stacked, and the trunk before them',
    async (_key, definition) => {
      const unplaced = { ...definition, stages: definition.stages.map(({ position: _position, ...stage }) => stage) };
      const laidOut = (await layoutStages({ definition: unplaced, locale: 'en' })).definition;
      const outcomes = laidOut.stages.filter((stage) => stage.outcome);
      const others = laidOut.stages.filter((stage) => !stage.outcome);
      expect(outcomes.length).toBeGreaterThan(0);
      expect(new Set(outcomes.map((stage) => stage.position!.x)).size).toBe(1);
      expect(new Set(outcomes.map((stage) => stage.position!.y)).size).toBe(outcomes.length);
      const outcomeColumn = outcomes[0]!.position!.x;
      for (const stage of others) expect(stage.position!.x).toBeLessThan(outcomeColumn);
    },
  );
});
