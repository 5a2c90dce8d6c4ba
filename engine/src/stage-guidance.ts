import type { StageGuidance } from '@funnel/schemas';
import type { CompiledWorkflow } from './compiled-workflow';
import { fieldIsPresent } from './field-is-present';
import type { FunnelRecord } from './record';

/**
 * The guidance of the record's stage: its text and key fields, each with whether the record has it filled in; null
 * when the stage gives none.
 * @example stageGuidance({ workflow, record }) // → { stage: 'opp', text: { en: 'Book a demo' }, keyFields: [{ field: 'product', filled: false }] }
 */
export function stageGuidance({ workflow, record }: { workflow: CompiledWorkflow; record: FunnelRecord }): {
  stage: string;
  text: StageGuidance['text'];
  keyFields: { field: string; filled: boolean }[];
} | null {
  const guidance = workflow.stage(record.stage)?.guidance;
  if (!guidance) return null;
  return {
    stage: record.stage,
    text: guidance.text,
    keyFields: (guidance.keyFields ?? []).map((field) => ({ field, filled: fieldIsPresent(record.fields[field]) })),
  };
}
