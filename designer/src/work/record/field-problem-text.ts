import type { Diagnostic, FieldSpec } from '@funnel/schemas';
import type { Translate } from '../../model/blocker-text';

/**
 * Says what is wrong with a field's value in the person's language, from the diagnostic's code and the field's schema
 * (its bounds, format and values), never from the English the validator or the api wrote.
 * @example fieldProblemText({ diagnostic: { code: 'schema.minimum', … }, spec: { type: 'integer', minimum: 1 }, t }) // → 'Must be at least 1'
 */
export function fieldProblemText({ diagnostic, spec, t }: { diagnostic: Pick<Diagnostic, 'code'>; spec: FieldSpec | undefined; t: Translate }): string {
  switch (diagnostic.code) {
    case 'schema.required':
    case 'missing_field':
      return t('problem.required');
    case 'schema.format':
      return spec?.format ? t(`problem.format.${spec.format}`) : t('problem.invalid');
    case 'schema.minimum':
      return t('problem.minimum', { limit: spec?.minimum });
    case 'schema.maximum':
      return t('problem.maximum', { limit: spec?.maximum });
    case 'schema.minLength':
      return spec?.minLength === 1 ? t('problem.required') : t('problem.minLength', { limit: spec?.minLength });
    case 'schema.maxLength':
      return t('problem.maxLength', { limit: spec?.maxLength });
    case 'schema.type':
      return spec?.type === 'integer' || spec?.type === 'number' ? t(`problem.${spec.type}`) : t('problem.invalid');
    case 'schema.enum':
      return t('problem.enum', { options: (spec?.enum ?? spec?.items?.enum ?? []).join(', ') });
    case 'schema.pattern':
      return t('problem.pattern');
    default:
      return t('problem.invalid');
  }
}
