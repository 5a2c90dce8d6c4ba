import type { AssignmentRule, Diagnostic, LocalizedText, WorkflowDefinition } from '@funnel/schemas';
import type { Translate } from './blocker-text';
import { localizedText } from './localized-text';
import { missingLocales, UNTRANSLATED_NAME } from './untranslated-names';
import { pointerTokens, valueAtPointer } from './value-at-pointer';

/** Codes whose message is the key the pointer points to, said again in the user's language. */
const CODES_ABOUT_THE_KEY_AT_POINTER = new Set(['compile.duplicate_key', 'compile.unknown_stage', 'compile.unknown_transition', 'compile.unknown_field']);
/** Codes whose message has no parameter at all. */
const CODES_SAID_AS_THEY_ARE = new Set(['compile.assignment_without_pool', 'guard.arity', 'guard.arguments']);

type Said = { diagnostic: Diagnostic; definition: WorkflowDefinition; t: Translate; locale: string };

/**
 * Says a diagnostic in the user's language, rebuilt from its code, its pointer and the definition (stage,
 * transition, timer and rule names in the locale): the engine's meaning checks, the guards' and the schema's
 * missing and unknown properties. A diagnostic it cannot rebuild keeps the engine's or schema's English message
 * (the list shows its code and pointer beside it either way).
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
  const without = withoutDefinition({ diagnostic, t });
  if (without !== null) return without;
  if (!definition) return diagnostic.message;
  return (
    untranslatedName({ diagnostic, definition, t, locale }) ??
    stageProblem({ diagnostic, definition, t, locale }) ??
    referenceProblem({ diagnostic, definition, t, locale }) ??
    assignmentProblem({ diagnostic, definition, t, locale }) ??
    diagnostic.message
  );
}

/** What the code and the pointer say alone: a property missing or unknown, a guard's operator, a fixed sentence. */
function withoutDefinition({ diagnostic, t }: { diagnostic: Diagnostic; t: Translate }): string | null {
  const tokens = pointerTokens(diagnostic.pointer);
  const last = tokens.at(-1);
  if (CODES_SAID_AS_THEY_ARE.has(diagnostic.code)) return t(`diagnostic.${diagnostic.code}`);
  switch (diagnostic.code) {
    case 'schema.required':
    case 'schema.additionalProperties':
      // The schema's pointer ends at the property (formatAjvError); one at the object says nothing about which.
      return last !== undefined && diagnostic.message.includes(`"${last}"`) ? t(`diagnostic.${diagnostic.code}`, { name: last }) : null;
    case 'guard.operator':
      return last !== undefined ? t('diagnostic.guard.operator', { operator: last }) : null;
    default:
      return null;
  }
}

/** The designer's warning that a name lacks a locale: the name as the user reads it and the locales by their own names. */
function untranslatedName({ diagnostic, definition, t, locale }: Said): string | null {
  if (diagnostic.code !== UNTRANSLATED_NAME) return null;
  const name = valueAtPointer(definition, diagnostic.pointer) as LocalizedText | undefined;
  if (typeof name?.en !== 'string') return null;
  const locales = new Intl.ListFormat(locale, { type: 'conjunction' }).format(missingLocales(name).map((missing) => t(`locale.${missing}`)));
  return t('diagnostic.designer.untranslated_name', { name: localizedText(name, locale), locales });
}

/** Problems of a stage, its timers and its pool, found by the pointer's stage. */
function stageProblem({ diagnostic, definition, t, locale }: Said): string | null {
  const [collection, index, part, partIndex, detail] = pointerTokens(diagnostic.pointer);
  const stage = collection === 'stages' ? definition.stages[Number(index)] : undefined;
  if (!stage) return null;
  const stageName = localizedText(stage.name, locale);
  const timer = part === 'timers' ? stage.timers?.[Number(partIndex)] : undefined;
  switch (diagnostic.code) {
    case 'compile.unreachable_stage': {
      const initial = definition.stages.find((candidate) => candidate.key === definition.initialStage);
      if (!initial || part !== undefined) return null;
      const key = definition.pipelines?.length ? 'diagnostic.compile.unreachable_stage_or_pipeline' : 'diagnostic.compile.unreachable_stage';
      return t(key, { stage: stageName, initial: localizedText(initial.name, locale) });
    }
    case 'compile.dead_end':
      return part === undefined ? t('diagnostic.compile.dead_end', { stage: stageName }) : null;
    case 'compile.warning_too_early':
      return timer ? t('diagnostic.compile.warning_too_early', { timer: timer.name ? localizedText(timer.name, locale) : timer.key, stage: stageName }) : null;
    case 'compile.claim_without_transition': {
      const to = definition.stages.find((candidate) => candidate.key === stage.pool?.claim?.to);
      return part === 'pool' && to ? t('diagnostic.compile.claim_without_transition', { pool: stageName, stage: localizedText(to.name, locale) }) : null;
    }
    case 'compile.transition_not_from_stage': {
      const key = valueAtPointer(definition, diagnostic.pointer);
      const transition = definition.transitions.find((candidate) => candidate.key === key);
      const by = part === 'timers' ? 'timer' : part === 'pool' && partIndex === 'nurture' ? 'cadence' : null;
      if (!transition || by === null || detail === undefined) return null;
      return t(`diagnostic.compile.transition_not_from_stage_${by}`, { transition: localizedText(transition.name, locale), stage: stageName });
    }
    default:
      return null;
  }
}

/** Names that point nowhere, durations, field patterns and reserved names, rules' reasons, and guards' variables. */
function referenceProblem({ diagnostic, definition, t, locale }: Said): string | null {
  const tokens = pointerTokens(diagnostic.pointer);
  const at = valueAtPointer(definition, diagnostic.pointer);
  switch (diagnostic.code) {
    case 'compile.reserved_field':
    case 'compile.pattern_unsupported': {
      const [fields, properties, name] = tokens;
      return fields === 'fields' && properties === 'properties' && name ? t(`diagnostic.${diagnostic.code}`, { key: name }) : null;
    }
    case 'compile.duration_too_long':
      return typeof at === 'string' ? t('diagnostic.compile.duration_too_long', { value: at }) : null;
    case 'compile.unknown_reason': {
      const rule = tokens[0] === 'rules' ? definition.rules?.[Number(tokens[1])] : undefined;
      const transition = definition.transitions.find((candidate) => candidate.key === rule?.fire);
      if (!rule || !transition || typeof at !== 'string') return null;
      return t('diagnostic.compile.unknown_reason', {
        rule: localizedText(rule.name, locale),
        transition: localizedText(transition.name, locale),
        reason: at,
      });
    }
    case 'guard.unknown_var': {
      const name = Array.isArray(at) ? at[0] : at;
      return typeof name === 'string' ? t('diagnostic.guard.unknown_var', { name }) : null;
    }
    default:
      return CODES_ABOUT_THE_KEY_AT_POINTER.has(diagnostic.code) && typeof at === 'string' ? t(`diagnostic.${diagnostic.code}`, { key: at }) : null;
  }
}

/** What is wrong with an assignment rule's target, told apart as the engine's check-assignment does, or a capacity stage. */
function assignmentProblem({ diagnostic, definition, t, locale }: Said): string | null {
  const [section, part, index, target, detail, member] = pointerTokens(diagnostic.pointer);
  if (section !== 'assignment') return null;
  if (diagnostic.code === 'compile.capacity_closing_stage') {
    const stage = definition.stages.find((candidate) => candidate.key === valueAtPointer(definition, diagnostic.pointer));
    return stage ? t('diagnostic.compile.capacity_closing_stage', { stage: localizedText(stage.name, locale) }) : null;
  }
  const rule = part === 'rules' && target === 'target' ? definition.assignment?.rules[Number(index)] : undefined;
  if (!rule) return null;
  const name = localizedText(rule.name, locale);
  if (diagnostic.code === 'compile.unknown_member') return member !== undefined ? t('diagnostic.compile.unknown_member', { rule: name, user: member }) : null;
  const problem = targetProblem({ rule, detail });
  return problem && (diagnostic.code === 'compile.assignment_target' || diagnostic.code === 'compile.assignment_strategy')
    ? t(`diagnostic.assignment.${problem}`, { rule: name })
    : null;
}

/** Which of the engine's target problems a rule has, given where the pointer ends (the target, its team, strategy or weights). */
function targetProblem({ rule, detail }: { rule: AssignmentRule; detail: string | undefined }): string | null {
  const { user, team, strategy } = rule.target;
  if (detail === 'strategy') return 'userStrategy';
  if (detail === 'weights') return 'weightsOnly';
  if (detail === 'team') return Object.values(team ?? {}).some((value) => value !== undefined) ? 'teamKinds' : 'teamNobody';
  if (user !== undefined && team !== undefined) return 'bothUserAndTeam';
  if (user === undefined && team === undefined) return 'nobody';
  return team !== undefined && strategy === undefined ? 'teamNoStrategy' : null;
}
