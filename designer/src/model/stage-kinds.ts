import type { Stage } from '@funnel/schemas';

/** What the palette adds: a plain stage, a won or lost ending, or a public pool. */
export const STAGE_KINDS = ['stage', 'won', 'lost', 'pool'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/**
 * How a stage is drawn, from what it is in the definition.
 * @example stageKind({ outcome: 'won', ... }) // → 'won'
 */
export function stageKind(stage: Pick<Stage, 'outcome' | 'pool'>): StageKind {
  if (stage.outcome === 'won') return 'won';
  if (stage.outcome === 'lost') return 'lost';
  if (stage.pool) return 'pool';
  return 'stage';
}

/**
 * A new stage of a kind, as the palette adds it (names in every locale, a sensible probability).
 * @example newStage({ kind: 'won', key: 'won', position: { x: 0, y: 0 } }).probability // → 100
 */
export function newStage({ kind, key, position }: { kind: StageKind; key: string; position: { x: number; y: number } }): Stage {
  switch (kind) {
    case 'stage':
      return {
        key,
        name: { en: 'New stage', 'zh-Hans': '新阶段', 'zh-Hant': '新階段' },
        phase: 'opportunity',
        probability: 20,
        forecastCategory: 'pipeline',
        position,
      };
    case 'won':
      return {
        key,
        name: { en: 'Won', 'zh-Hans': '赢单', 'zh-Hant': '贏單' },
        phase: 'order',
        probability: 100,
        forecastCategory: 'closed',
        outcome: 'won',
        terminal: true,
        position,
      };
    case 'lost':
      return {
        key,
        name: { en: 'Lost', 'zh-Hans': '输单', 'zh-Hant': '輸單' },
        phase: 'opportunity',
        probability: 0,
        forecastCategory: 'omitted',
        outcome: 'lost',
        terminal: true,
        position,
      };
    case 'pool':
      return {
        key,
        name: { en: 'Public pool', 'zh-Hans': '公海', 'zh-Hant': '公海' },
        phase: 'lead',
        probability: 0,
        forecastCategory: 'omitted',
        pool: { kind: 'public' },
        position,
      };
    default:
      return assertNever(kind);
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown stage kind ${String(value)}`);
}
