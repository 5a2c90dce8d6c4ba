import type { Translate } from './blocker-text';
import { cachedNumberFormat } from './cached-intl';
import { valueToText } from './condition-value-text';
import type { ClauseExplanation } from './explain-guard';
import { operatorName } from './operator-name';

/**
 * What a clause asks, in the user's language: a group by its combinator, a comparison as "field operator value",
 * presence as "field is set"; a raw clause has no words (it is shown as json-logic).
 * @example clauseText({ clause: { kind: 'comparison', field: 'score', operator: '>=', expected: 60, actual: 45, passed: false }, t }) // → 'score is at least 60'
 */
export function clauseText({ clause, t }: { clause: ClauseExplanation; t: Translate }): string {
  switch (clause.kind) {
    case 'group':
      return t(`condition.${clause.combinator}`);
    case 'comparison':
      return `${clause.field} ${t(`operator.${operatorName(clause.operator)}`)} ${valueToText(clause.expected)}`;
    case 'presence':
      return `${clause.field} ${t(`operator.${operatorName(clause.operator)}`)}`;
    case 'raw':
      return '';
    default:
      return clause satisfies never;
  }
}

/**
 * What the clause read on the record: two numbers compared as they stand ("score 45 < 60"), anything else as
 * "field: value" (or empty), each value a raw clause read; a group reads nothing itself.
 * @example clauseValuesText({ clause: { kind: 'comparison', field: 'score', operator: '>=', expected: 60, actual: 45, passed: false }, t, locale: 'en' }) // → 'score 45 < 60'
 */
export function clauseValuesText({ clause, t, locale }: { clause: ClauseExplanation; t: Translate; locale: string }): string {
  const said = (value: unknown) => valueSaid({ value, t, locale });
  switch (clause.kind) {
    case 'group':
      return '';
    case 'comparison':
      if (typeof clause.actual === 'number' && typeof clause.expected === 'number') {
        return `${clause.field} ${said(clause.actual)} ${relation(clause.actual, clause.expected)} ${said(clause.expected)}`;
      }
      return t('simulator.readValue', { field: clause.field, value: said(clause.actual) });
    case 'presence':
      return t('simulator.readValue', { field: clause.field, value: said(clause.actual) });
    case 'raw':
      return clause.reads.map((read) => t('simulator.readValue', { field: read.field, value: said(read.value) })).join('; ');
    default:
      return clause satisfies never;
  }
}

/** How two numbers stand to each other. */
function relation(actual: number, expected: number): '<' | '=' | '>' {
  return actual < expected ? '<' : actual > expected ? '>' : '=';
}

/** A value read from the record: numbers in the locale's digits, nothing as "empty", the rest as the builder writes values. */
function valueSaid({ value, t, locale }: { value: unknown; t: Translate; locale: string }): string {
  if (value === undefined || value === null || value === '') return t('simulator.emptyValue');
  if (typeof value === 'number') return cachedNumberFormat(locale, {}).format(value);
  if (typeof value === 'boolean') return t(value ? 'versions.yes' : 'versions.no');
  return valueToText(value);
}
