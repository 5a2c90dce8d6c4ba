import type { Box } from './box';

/** Coordinates closer than this are one grid line. */
const SAME_LINE = 0.5;
/** How far outside every obstacle the outermost lines run, so a route can always go round the whole drawing. */
const OUTER_MARGIN = 40;
/** A segment along an obstacle's border costs this much more per pixel than one down the middle of a gap. */
const BORDER_LINE_COST = 0.2;

/**
 * The sparse orthogonal grid routes are searched on: a vertical line at each obstacle's left and right and
 * half-way between neighbouring ones, a horizontal line likewise plus one per port, and which cells lie inside
 * an obstacle. Since every obstacle border is a grid line, each cell is wholly inside or wholly outside each
 * obstacle, so a segment between two neighbouring grid points is blocked exactly when the cells on both of its
 * sides are.
 * @example const grid = routingGrid({ obstacles, ys: portYs }); grid.horizontalBlocked(0, 3)
 */
export interface RoutingGrid {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  /** The extra cost per pixel of running along vertical line i (it lies on an obstacle's border). */
  readonly xCost: Float64Array;
  readonly yCost: Float64Array;
  /** Whether the segment from grid point (i, j) to (i + 1, j) runs inside an obstacle. */
  horizontalBlocked(i: number, j: number): boolean;
  /** Whether the segment from grid point (i, j) to (i, j + 1) runs inside an obstacle. */
  verticalBlocked(i: number, j: number): boolean;
  /** The index of the line at this coordinate (it must be one). */
  xIndex(x: number): number;
  yIndex(y: number): number;
}

/**
 * Builds the grid for these obstacles (already grown by the clearance routes keep), with extra lines at `xs`
 * and `ys` (the ports).
 * @example routingGrid({ obstacles: [{ x: 0, y: 0, width: 10, height: 10 }], xs: [], ys: [5] }).ys // → [-40, 0, 5, 10, 50]
 */
export function routingGrid({ obstacles, xs = [], ys = [] }: { obstacles: readonly Box[]; xs?: readonly number[]; ys?: readonly number[] }): RoutingGrid {
  const xLines = gridLines(
    obstacles.flatMap((box) => [box.x, box.x + box.width]),
    xs,
  );
  const yLines = gridLines(
    obstacles.flatMap((box) => [box.y, box.y + box.height]),
    ys,
  );
  const columns = xLines.values.length - 1;
  const rows = yLines.values.length - 1;
  const inside = new Uint8Array(Math.max(0, columns * rows));
  for (const box of obstacles) {
    const i0 = indexOf(xLines.values, box.x);
    const i1 = indexOf(xLines.values, box.x + box.width);
    const j0 = indexOf(yLines.values, box.y);
    const j1 = indexOf(yLines.values, box.y + box.height);
    for (let j = j0; j < j1; j += 1) inside.fill(1, j * columns + i0, j * columns + i1);
  }
  const cell = (i: number, j: number) => i >= 0 && j >= 0 && i < columns && j < rows && inside[j * columns + i] === 1;
  return {
    xs: xLines.values,
    ys: yLines.values,
    xCost: xLines.cost,
    yCost: yLines.cost,
    horizontalBlocked: (i, j) => cell(i, j - 1) && cell(i, j),
    verticalBlocked: (i, j) => cell(i - 1, j) && cell(i, j),
    xIndex: (x) => indexOf(xLines.values, x),
    yIndex: (y) => indexOf(yLines.values, y),
  };
}

/** Sorted, de-duplicated lines: the borders, the middle of each gap between them, the extras and an outer frame. */
function gridLines(borders: readonly number[], extras: readonly number[]): { values: number[]; cost: Float64Array } {
  const sortedBorders = dedupe(borders);
  const middles: number[] = [];
  for (let k = 1; k < sortedBorders.length; k += 1) middles.push(((sortedBorders[k - 1] as number) + (sortedBorders[k] as number)) / 2);
  const low = Math.min(...sortedBorders, ...extras) - OUTER_MARGIN;
  const high = Math.max(...sortedBorders, ...extras) + OUTER_MARGIN;
  const values = dedupe([...sortedBorders, ...middles, ...extras, low, high]);
  const onBorder = new Set(sortedBorders);
  const cost = new Float64Array(values.length);
  values.forEach((value, index) => {
    cost[index] = onBorder.has(value) ? BORDER_LINE_COST : 0;
  });
  return { values, cost };
}

function dedupe(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const kept: number[] = [];
  for (const value of sorted) if (kept.length === 0 || value - (kept[kept.length - 1] as number) >= SAME_LINE) kept.push(value);
  return kept;
}

/** The index of the line nearest to `value` (binary search, then the nearer of the two neighbours). */
function indexOf(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((values[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low > 0 && value - (values[low - 1] as number) < (values[low] as number) - value ? low - 1 : low;
}
