import { describe, expect, it } from 'vitest';
import { getTemplate } from '@funnel/schemas';
import { definitionNames } from '../src/work/record/definition-names';
import { extensionPlan } from '../src/work/record/extension-plan';
import { changedFields, checkFields, diagnosticField } from '../src/work/record/field-edits';
import { releaseReasons } from '../src/work/record/release-reasons';
import { stagePath } from '../src/work/record/stage-path';

const trunk = getTemplate('standard_trunk').definition;

describe('the record page’s model', () => {
  it('sends only the fields the person changed, and an emptied one as null', () => {
    expect(changedFields({ saved: { seats: 1, product: 'CRM', name: 'Ann' }, draft: { seats: 5, product: '', name: 'Ann', email: '' } })).toEqual({
      seats: 5,
      product: null,
    });
  });

  it('refuses before sending what the field schema refuses, at the field, and an emptied required field', () => {
    const problems = checkFields({ schema: trunk.fields, changed: { seats: 0, email: 'not an email', name: null, product: 'CRM' } });
    expect(problems.map((problem) => [diagnosticField(problem), problem.code]).sort()).toEqual([
      ['email', 'schema.format'],
      ['name', 'schema.required'],
      ['seats', 'schema.minimum'],
    ]);
    expect(diagnosticField({ pointer: '/fields/seats' })).toBe('seats');
  });

  it('groups every stage by phase in the definition’s order', () => {
    expect(stagePath(trunk)).toEqual([
      { phase: 'lead', stages: ['lead', 'mql', 'sql', 'pool'] },
      { phase: 'opportunity', stages: ['opportunity', 'product_trial', 'contract_negotiation', 'lost'] },
      { phase: 'order', stages: ['won'] },
    ]);
  });

  it('releases an SQL with the reasons the pool stage allows, and names them as the pool does', () => {
    expect(releaseReasons(trunk, 'sql').map((reason) => reason.key)).toContain('no_need');
    expect(releaseReasons(trunk, 'won')).toEqual([]);
    expect(definitionNames(trunk, 'en').reason('no_need')).toBe('No need for now');
    expect(definitionNames(trunk, 'zh-Hans').stage('pool')).toBe('公海');
  });

  it('shows the deadline after an extension by the policy’s length, and the extensions left', () => {
    const plan = extensionPlan({ definition: trunk, timer: { key: 'one_week_rule', stage: 'sql', dueAt: '2026-12-08T09:00:00.000Z', extensions: 1 } });
    expect(plan).toEqual({ dueAt: '2026-12-08T09:00:00.000Z', extendedDueAt: '2026-12-15T09:00:00.000Z', left: 1, max: 2 });
    expect(extensionPlan({ definition: trunk, timer: { key: 'other', stage: 'sql', dueAt: '2026-12-08T09:00:00.000Z', extensions: 0 } })).toBeNull();
  });
});
