import { escapePointer, unsupportedPatternReason, type Diagnostic, type WorkflowDefinition } from '@funnel/schemas';
import { errorAt, warningAt } from './diagnostic-at';

/**
 * Refuses a field pattern that RE2 cannot run in linear time (lookarounds, backreferences, bad syntax).
 * For a version already published, whose records must keep working, it is a warning: the compiled
 * validator then refuses every value of that field until an admin publishes a new version.
 * @example checkFieldPatterns({ definition, published: false }) // → [{ code: 'compile.pattern_unsupported', pointer: '/fields/properties/email/pattern', … }]
 */
export function checkFieldPatterns(input: { definition: WorkflowDefinition; published: boolean }): Diagnostic[] {
  const at = input.published ? warningAt : errorAt;
  return Object.entries(input.definition.fields.properties).flatMap(([name, spec]) => {
    const reason = spec.pattern === undefined ? null : unsupportedPatternReason(spec.pattern);
    if (reason === null) return [];
    return [
      at({
        code: 'compile.pattern_unsupported',
        pointer: `/fields/properties/${escapePointer(name)}/pattern`,
        message: `field "${name}" has a pattern that cannot run in linear time: ${reason}; write it without lookarounds or backreferences`,
      }),
    ];
  });
}
