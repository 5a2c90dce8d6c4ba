import type { Box } from './box';

/** Coordinates closer than this are one grid line. */
const SAME_LINE = 0.5;
/** How far outside every obstacle the outermost lines run, so a route can always go round the whole drawing. */
const OUTER_MARGIN = 40;
/** A segment along an obstacle's border costs this much more per pixel than one down the middle of a gap. */
const BORDER_LINE_COST = 0.2;

/**
 * The sparse orthogonal grid routes are searched on: a vertical line at each obstacle's left and right and
 * half-way between neighbouring ones, a horizontal line likewise plus one per port, and what each step between
 * neighbouring grid points costs. Since every obstacle border is a grid line, each cell is wholly inside or
 * wholly outside each obstacle, so a step is blocked exactly when the cells on both of its sides are.
 * @example const grid = routingGrid({ obstacles, ys: portYs }); grid.step[(j * grid.xs.length + i) * 4] // → the cost of (i, j) → (i + 1, j)
 */
export interface RoutingGrid {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  /**
   * What moving one step from grid point n = j × xs.length + i costs, at index n × 4 + direction (0 +x, 1 -x,
   * 2 +y, 3 -y): its length, a fifth more along an obstacle's border; -1 where the step is blocked or off the grid.
   */
  readonly step: Float64Array;
  /** The index of the line nearest this coordinate. */
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
  const inside = insideCells({ obstacles, xs: xLines.values, ys: yLines.values });
  return {
    xs: xLines.values,
    ys: yLines.values,
    step: stepCosts({ xLines, yLines, inside }),
    xIndex: (x) => indexOf(xLines.values, x),
    yIndex: (y) => indexOf(yLines.values, y),
  };
}

/** Which cells (between neighbouring lines) lie inside an obstacle. */
function insideCells({ obstacles, xs, ys }: { obstacles: readonly Box[]; xs: readonly number[]; ys: readonly number[] }): (i: number, j: number) => boolean {
  const columns = xs.length - 1;
  const rows = ys.length - 1;
  const inside = new Uint8Array(Math.max(0, columns * rows));
  for (const box of obstacles) {
    const i0 = indexOf(xs, box.x);
    const i1 = indexOf(xs, box.x + box.width);
    const j0 = indexOf(ys, box.y);
    const j1 = indexOf(ys, box.y + box.height);
    for (let j = j0; j < j1; j += 1) inside.fill(1, j * columns + i0, j * columns + i1);
  }
  return (i, j) => i >= 0 && j >= 0 && i < columns && j < rows && inside[j * columns + i] === 1;
}

type Lines = { values: number[]; cost: Float64Array };

/** Every step's cost, once per grid, so the search only looks them up. */
function stepCosts({ xLines, yLines, inside }: { xLines: Lines; yLines: Lines; inside: (i: number, j: number) => boolean }): Float64Array {
  const xs = xLines.values;
  const ys = yLines.values;
  const columns = xs.length;
  const step = new Float64Array(columns * ys.length * 4).fill(-1);
  for (let j = 0; j < ys.length; j += 1) {
    for (let i = 0; i < columns; i += 1) {
      const at = (j * columns + i) * 4;
      if (i + 1 < columns && !(inside(i, j - 1) && inside(i, j))) {
        const length = ((xs[i + 1] as number) - (xs[i] as number)) * (1 + (yLines.cost[j] as number));
        step[at] = length;
        step[at + 4 + 1] = length;
      }
      if (j + 1 < ys.length && !(inside(i - 1, j) && inside(i, j))) {
        const length = ((ys[j + 1] as number) - (ys[j] as number)) * (1 + (xLines.cost[i] as number));
        step[at + 2] = length;
        step[at + columns * 4 + 3] = length;
      }
    }
  }
  return step;
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
