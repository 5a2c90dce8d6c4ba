import { describe, expect, it } from 'vitest';
import { compile, createRecord, guardData } from '@funnel/engine';
import { getTemplate } from '@funnel/schemas';
import type { Translate } from '../src/model/blocker-text';
import { clauseText, clauseValuesText } from '../src/model/clause-text';
import { explainGuard } from '../src/model/explain-guard';
import { en } from '../src/i18n/en';

/** English from the catalog, with i18next's {{name}} interpolation. */
const t: Translate = (key, options = {}) => {
  const found = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], en);
  return String(found ?? key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name]));
};

const SCORE_AND_PHONE = { and: [{ '>=': [{ var: 'score' }, 60] }, { '!!': [{ var: 'phone' }] }] };

describe('explaining a guard clause by clause', () => {
  it('says which clause failed and what the record held: score 45 < 60, phone set', () => {
    const explained = explainGuard({ logic: SCORE_AND_PHONE, data: { score: 45, phone: '+86 10 5555' } });
    expect(explained).toMatchObject({ kind: 'group', combinator: 'and', passed: false });
    if (explained.kind !== 'group') throw new Error('a group');
    const [score, phone] = explained.children;
    expect(score).toEqual({ kind: 'comparison', field: 'score', operator: '>=', expected: 60, actual: 45, passed: false });
    expect(phone).toEqual({ kind: 'presence', field: 'phone', operator: '!!', actual: '+86 10 5555', passed: true });
    expect(score && clauseText({ clause: score, t })).toBe('score is at least 60');
    expect(score && clauseValuesText({ clause: score, t, locale: 'en' })).toBe('score 45 < 60');
    expect(phone && clauseValuesText({ clause: phone, t, locale: 'en' })).toBe('phone: +86 10 5555');
  });

  it('passes an or-group when any clause holds, and says an unset field is empty', () => {
    const explained = explainGuard({ logic: { or: [{ '!!': [{ var: 'phone' }] }, { '!!': [{ var: 'email' }] }] }, data: { email: 'a@b.example' } });
    expect(explained).toMatchObject({ kind: 'group', combinator: 'or', passed: true, children: [{ passed: false }, { passed: true }] });
    if (explained.kind !== 'group' || !explained.children[0]) throw new Error('a group');
    expect(clauseValuesText({ clause: explained.children[0], t, locale: 'en' })).toBe('phone: empty');
  });

  it('evaluates a part the builder cannot show as one raw clause, with every value it read', () => {
    const logic = { '>': [{ '+': [{ var: 'seats' }, { var: 'extraSeats' }] }, 10] };
    const explained = explainGuard({ logic, data: { seats: 4, extraSeats: 3 } });
    expect(explained).toEqual({
      kind: 'raw',
      logic,
      reads: [
        { field: 'seats', value: 4 },
        { field: 'extraSeats', value: 3 },
      ],
      passed: false,
    });
    expect(clauseValuesText({ clause: explained, t, locale: 'en' })).toBe('seats: 4; extraSeats: 3');
  });

  it('reads built-ins by their dotted names from what the engine gives a guard', () => {
    const compiled = compile(getTemplate('standard_trunk').definition);
    if (!compiled.ok) throw new Error('the template compiles');
    const created = createRecord({ workflow: compiled.workflow, id: 'r1', fields: { name: 'Ann' }, actor: { id: 'u', roles: ['sales'] }, now: 0 });
    if (created.type !== 'applied') throw new Error('created');
    const data = guardData(created.record, 3 * 24 * 3_600_000, compiled.workflow.scoring);
    const explained = explainGuard({ logic: { '>=': [{ var: 'record.daysInStage' }, 7] }, data });
    expect(explained).toMatchObject({ kind: 'comparison', actual: 3, expected: 7, passed: false });
    expect(clauseValuesText({ clause: explained, t, locale: 'en' })).toBe('record.daysInStage 3 < 7');
  });
});
