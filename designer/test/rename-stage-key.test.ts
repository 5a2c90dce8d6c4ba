import { describe, expect, it } from 'vitest';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { compile } from '@funnel/engine';
import { renameStageKey } from '../src/model/rename-stage-key';
import { renamedStages } from '../src/model/renamed-stages';

const mqlFunnel = getTemplate('mql_srl_sql').definition;

/** The mql_srl_sql template with every place a stage key can be named pointing at `mql`. */
function namingMqlEverywhere(): WorkflowDefinition {
  const atMql = { '==': [{ var: 'record.stage' }, 'mql'] };
  return {
    ...mqlFunnel,
    rules: [
      ...(mqlFunnel.rules ?? []),
      { key: 'stale_mql', name: { en: 'Stale MQL' }, when: { and: [atMql, { '>': [{ var: 'record.daysInStage' }, 30] }] }, fire: 'accept_mql' },
    ],
    assignment: {
      rules: [
        {
          key: 'in_mql',
          name: { en: 'MQLs' },
          when: { in: [{ var: 'record.stage' }, ['mql', 'srl']] },
          target: { team: { role: 'marketing' }, strategy: 'round_robin' },
        },
        { key: 'rest', name: { en: 'Everyone else' }, target: { team: { role: 'sales' }, strategy: 'round_robin' } },
      ],
      capacity: { max: 20, stages: ['mql', 'srl'] },
    },
    stages: mqlFunnel.stages.map((stage) =>
      stage.key === 'srl' ? { ...stage, guard: { logic: { '!=': [{ var: ['record.stage', ''] }, 'mql'] }, message: { en: 'Not from an MQL' } } } : stage,
    ),
  };
}

function transitionsNaming(definition: WorkflowDefinition, key: string): string[] {
  return definition.transitions.filter((transition) => transition.from.includes(key) || transition.to === key).map((transition) => transition.key);
}

describe('renaming a stage key', () => {
  it('renames the stage, the initial stage, transitions, pipelines, pool claims and capacity stages, and nothing else', () => {
    const before = namingMqlEverywhere();
    const after = renameStageKey({ definition: before, from: 'mql', to: 'marketing_qualified' });
    expect(after.stages.map((stage) => stage.key)).toEqual(before.stages.map((stage) => (stage.key === 'mql' ? 'marketing_qualified' : stage.key)));
    expect(after.initialStage).toBe(before.initialStage === 'mql' ? 'marketing_qualified' : before.initialStage);
    expect(transitionsNaming(after, 'marketing_qualified')).toEqual(transitionsNaming(before, 'mql'));
    expect(transitionsNaming(after, 'mql')).toEqual([]);
    expect(after.pipelines?.map((pipeline) => pipeline.entryStage)).toEqual(['marketing_qualified', 'srl']);
    expect(after.stages.flatMap((stage) => (stage.pool?.claim?.to ? [stage.pool.claim.to] : []))).toContain('marketing_qualified');
    expect(after.assignment?.capacity?.stages).toEqual(['marketing_qualified', 'srl']);
    expect(JSON.stringify(after)).not.toMatch(/"mql"/);
    // Renaming back gives the definition it started from: nothing but the key moved.
    expect(renameStageKey({ definition: after, from: 'marketing_qualified', to: 'mql' })).toEqual(before);
  });

  it('renames the key where a condition compares record.stage with it: rules, assignment rules and guards', () => {
    const after = renameStageKey({ definition: namingMqlEverywhere(), from: 'mql', to: 'mq' });
    expect(after.rules?.at(-1)?.when).toEqual({ and: [{ '==': [{ var: 'record.stage' }, 'mq'] }, { '>': [{ var: 'record.daysInStage' }, 30] }] });
    expect(after.assignment?.rules[0]?.when).toEqual({ in: [{ var: 'record.stage' }, ['mq', 'srl']] });
    expect(after.assignment?.rules[1]).not.toHaveProperty('when');
    expect(after.stages.find((stage) => stage.key === 'srl')?.guard?.logic).toEqual({ '!=': [{ var: ['record.stage', ''] }, 'mq'] });
  });

  it('keeps a field value that happens to equal the key', () => {
    const definition = { ...mqlFunnel, rules: [{ key: 'r', name: { en: 'R' }, when: { '==': [{ var: 'source' }, 'mql'] }, fire: 'accept_mql' }] };
    expect(renameStageKey({ definition, from: 'mql', to: 'mq' }).rules?.[0]?.when).toEqual({ '==': [{ var: 'source' }, 'mql'] });
  });

  it('compiles without a new problem after renaming any stage of any template', () => {
    for (const key of ['minimal_trunk', 'standard_trunk', 'mql_srl_sql', 'customer_lifecycle', 'six_stage'] as const) {
      const definition = getTemplate(key).definition;
      const codes = (d: WorkflowDefinition) => compile(d).diagnostics.map((diagnostic) => diagnostic.code);
      for (const stage of definition.stages) {
        expect(codes(renameStageKey({ definition, from: stage.key, to: `${stage.key}_renamed` })), `${key}: ${stage.key}`).toEqual(codes(definition));
      }
    }
  });

  it('refuses a key another stage has, or a stage that does not exist, by changing nothing', () => {
    expect(renameStageKey({ definition: mqlFunnel, from: 'mql', to: 'srl' })).toBe(mqlFunnel);
    expect(renameStageKey({ definition: mqlFunnel, from: 'nowhere', to: 'somewhere' })).toBe(mqlFunnel);
  });
});

describe('telling a renamed stage from a removed one, for the migration wizard', () => {
  it('maps a stage gone under its key to the one new stage that is it under another key', () => {
    const before = getTemplate('minimal_trunk').definition;
    const renamed = renameStageKey({ definition: before, from: 'lead', to: 'prospect' });
    expect(renamedStages({ before, after: renamed })).toEqual({ lead: 'prospect' });
    // Renamed, moved and called something else too: still the same stage.
    const moved = {
      ...renamed,
      stages: renamed.stages.map((stage) => (stage.key === 'prospect' ? { ...stage, name: { en: 'Prospect' }, position: { x: 999, y: 0 } } : stage)),
    };
    expect(renamedStages({ before, after: moved })).toEqual({ lead: 'prospect' });
  });

  it('guesses nothing for a stage removed, or when two new stages could be it', () => {
    const before = getTemplate('minimal_trunk').definition;
    const removed = { ...before, stages: before.stages.filter((stage) => stage.key !== 'lost') };
    expect(renamedStages({ before, after: removed })).toEqual({});
    const lost = before.stages.find((stage) => stage.key === 'lost')!;
    const twice = { ...removed, stages: [...removed.stages, { ...lost, key: 'lost_a' }, { ...lost, key: 'lost_b' }] };
    expect(renamedStages({ before, after: twice })).toEqual({});
  });
});
