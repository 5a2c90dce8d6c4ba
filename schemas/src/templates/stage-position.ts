/** Horizontal distance between two stage columns in the designer, in canvas pixels. */
const COLUMN_WIDTH = 260;
/** Vertical distance between the main path and the side rows (lost, pool) below it. */
const ROW_HEIGHT = 200;

/**
 * Where the designer draws a stage: main path left to right on row 0, side stages on the rows below.
 * @example stagePosition(2) // → { x: 520, y: 0 }; stagePosition(1, 1) // → { x: 260, y: 200 }
 */
export function stagePosition(column: number, row = 0): { x: number; y: number } {
  return { x: column * COLUMN_WIDTH, y: row * ROW_HEIGHT };
}
