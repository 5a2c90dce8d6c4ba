import type { Pipeline } from '@funnel/schemas';

/**
 * The pipeline with its own win probability for one stage set, or cleared (`undefined`: the stage's own applies);
 * no stage left means no `probabilities`.
 * @example withStageProbability({ pipeline, stage: 'opportunity', probability: 40 }).probabilities // → { opportunity: 40 }
 */
export function withStageProbability({ pipeline, stage, probability }: { pipeline: Pipeline; stage: string; probability: number | undefined }): Pipeline {
  const { probabilities, ...rest } = pipeline;
  const next = { ...probabilities };
  if (probability === undefined) delete next[stage];
  else next[stage] = probability;
  return Object.keys(next).length === 0 ? rest : { ...rest, probabilities: next };
}
