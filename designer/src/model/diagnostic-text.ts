import type { Diagnostic, WorkflowDefinition } from '@funnel/schemas';
import type { Translate } from './blocker-text';
import { localizedText } from './localized-text';
import { pointerTokens, valueAtPointer } from './value-at-pointer';

/** Codes whose message is the key the pointer points to, said again in the user's language. */
const CODES_ABOUT_THE_KEY_AT_POINTER = new Set(['compile.duplicate_key', 'compile.unknown_stage', 'compile.unknown_transition', 'compile.unknown_field']);

/**
 * Says a diagnostic in the user's language when its message can be rebuilt from its code, its pointer and
 * the definition (stage names in the locale); otherwise the engine's or schema's English message.
 * @example diagnosticText({ diagnostic: { code: 'compile.dead_end', pointer: '/stages/1', severity: 'error', message: '…' }, definition, t, locale: 'en' }) // → 'Stage “Opportunity” has no way out …'
 */
export function diagnosticText({
  diagnostic,
  definition,
  t,
  locale,
}: {
  diagnostic: Diagnostic;
  definition: WorkflowDefinition | null;
  t: Translate;
  locale: string;
}): string {
  if (!definition) return diagnostic.message;
  const [, collection, index] = diagnostic.pointer.split('/');
  const stage = collection === 'stages' ? definition.stages[Number(index)] : undefined;
  const stageName = stage ? localizedText(stage.name, locale) : undefined;
  switch (diagnostic.code) {
    case 'compile.unreachable_stage': {
      // The English message also names pipeline entries; with pipelines it stays as the engine wrote it.
      const initial = definition.stages.find((candidate) => candidate.key === definition.initialStage);
      if (!stageName || !initial || definition.pipelines?.length) return diagnostic.message;
      return t('diagnostic.compile.unreachable_stage', { stage: stageName, initial: localizedText(initial.name, locale) });
    }
    case 'compile.dead_end':
      return stageName ? t('diagnostic.compile.dead_end', { stage: stageName }) : diagnostic.message;
    case 'compile.reserved_field': {
      const [fields, properties, name, ...rest] = pointerTokens(diagnostic.pointer);
      return fields === 'fields' && properties === 'properties' && name && rest.length === 0
        ? t('diagnostic.compile.reserved_field', { key: name })
        : diagnostic.message;
    }
    default: {
      if (!CODES_ABOUT_THE_KEY_AT_POINTER.has(diagnostic.code)) return diagnostic.message;
      const key = valueAtPointer(definition, diagnostic.pointer);
      return typeof key === 'string' ? t(`diagnostic.${diagnostic.code}`, { key }) : diagnostic.message;
    }
  }
}
