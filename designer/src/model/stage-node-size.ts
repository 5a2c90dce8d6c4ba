import type { Stage } from '@funnel/schemas';

/** A stage node's width; StageNode's CSS keeps to it. */
export const STAGE_NODE_WIDTH = 220;
/** The height of a stage with nothing but its name and figures (a new stage's). */
export const STAGE_NODE_HEIGHT = 100;
/** What the name row, the figures row, the padding and the border take together (styles.css, `.stage-node`). */
const FIXED_ROWS_HEIGHT = 62;
/** One timer badge's row, its margin included. */
const TIMER_ROW_HEIGHT = 24;
/** The required-fields row, its margin included. */
const REQUIRED_ROW_HEIGHT = 22;
/** Heights are whole steps of the canvas grid, so stacked stages stay on it. */
const HEIGHT_STEP = 20;

/**
 * The size a stage is drawn at, known before it is drawn: layout and edge routing place stages by it, and
 * StageNode is given it as its fixed size (each row of the node is one line that ellipses), so what is laid
 * out is what is on screen. A timer or required fields make the node taller; diagnostics do not (their badge
 * sits on the border).
 * @example stageNodeSize({ ...stage, timers: [] }) // → { width: 220, height: 100 }
 */
export function stageNodeSize(stage: Pick<Stage, 'timers' | 'requiredFields'>): { width: number; height: number } {
  const content = FIXED_ROWS_HEIGHT + TIMER_ROW_HEIGHT * (stage.timers?.length ?? 0) + (stage.requiredFields?.length ? REQUIRED_ROW_HEIGHT : 0);
  return { width: STAGE_NODE_WIDTH, height: Math.max(STAGE_NODE_HEIGHT, Math.ceil(content / HEIGHT_STEP) * HEIGHT_STEP) };
}
