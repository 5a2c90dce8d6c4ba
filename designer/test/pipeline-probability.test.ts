import { describe, expect, it } from 'vitest';
import type { Pipeline } from '@funnel/schemas';
import { withStageProbability } from '../src/model/pipeline-probability';

const FARMERS: Pipeline = { key: 'existing_customers', name: { en: 'Existing customers' }, entryStage: 'srl' };

describe("a pipeline's own probabilities as the form edits them", () => {
  it('sets a stage’s probability for the pipeline, keeping the others', () => {
    const once = withStageProbability({ pipeline: FARMERS, stage: 'sql', probability: 40 });
    expect(withStageProbability({ pipeline: once, stage: 'discovery', probability: 75 }).probabilities).toEqual({ sql: 40, discovery: 75 });
  });

  it('clears a stage back to its own probability, and the last cleared leaves no probabilities', () => {
    const set = withStageProbability({ pipeline: FARMERS, stage: 'sql', probability: 40 });
    expect(withStageProbability({ pipeline: set, stage: 'sql', probability: undefined })).toEqual(FARMERS);
  });
});
