import type { StageGuidance } from '@funnel/schemas';
import { builder } from './builder';
import { LocalizedTextRef } from './template';

export const StageGuidanceRef = builder.objectRef<StageGuidance>('StageGuidance').implement({
  description: "A stage's guidance for success: what to do there, and the fields that matter there.",
  fields: (t) => ({
    text: t.field({ type: LocalizedTextRef, resolve: (g) => g.text }),
    keyFields: t.stringList({ resolve: (g) => g.keyFields ?? [] }),
  }),
});
