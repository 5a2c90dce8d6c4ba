import type { LocalizedText, StageGuidance } from '@funnel/schemas';

/**
 * The stage's guidance as the form holds it: its text in each language and its key fields. An English text left
 * empty means no guidance (the schema requires English), and key fields none ticked are left out.
 * @example stageGuidance({ text: { en: 'Book a demo' }, keyFields: undefined }) // → { text: { en: 'Book a demo' } }
 */
export function stageGuidance({ text, keyFields }: { text: LocalizedText; keyFields: readonly string[] | undefined }): StageGuidance | undefined {
  if (text.en.trim() === '') return undefined;
  return keyFields && keyFields.length > 0 ? { text, keyFields: [...keyFields] } : { text };
}
