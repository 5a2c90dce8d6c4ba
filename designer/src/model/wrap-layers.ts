/** About how wide one layer is drawn: a stage and the gap with the labels after it. */
const LAYER_WIDTH = 380;
/** About how much height a stage takes in a layer, its spacing included, and what a row's gap adds. */
const STAGE_HEIGHT = 160;
const ROW_GAP_ESTIMATE = 120;
/** The shape a wrapped funnel aims for: the canvas's at 1280 × 800 beside the side panel (about 900 × 630). */
const TARGET_ASPECT = 1.4;
/** A funnel stays one row while it is at most this wide for its height: a short funnel reads best as one line. */
const ONE_ROW_MAX_ASPECT = 4;
/** A phase's lane is cut into rows of at least this many layers: stages that close together are drawn together. */
const MIN_LAYERS_PER_ROW = 5;

/**
 * Cuts the layers of a layered layout into rows that read left to right and wrap, like text: each row holds
 * whole layers, a new row starts where the phase changes (so each row is one phase's lane) and wherever a row
 * would be wider than the drawing's target shape (1.6 : 1, the canvas's) allows. A funnel that fits in one row
 * (at most four times as wide as tall) stays one row, phases and all.
 * @example wrapLayers({ layers: [['a'], ['b'], ['c']], rankOf: () => 0 }) // → [['a', 'b', 'c']]
 */
export function wrapLayers({ layers, rankOf }: { layers: readonly (readonly string[])[]; rankOf: (key: string) => number }): string[][] {
  if (aspect(layers, layers.length) <= ONE_ROW_MAX_ASPECT) return [layers.flat()];
  const perRow = Math.max(MIN_LAYERS_PER_ROW, layersPerRow(layers));
  return lanes(layers, rankOf).flatMap((lane) => {
    // A lane of 20 layers at 9 a row makes rows of 7, 7 and 6, not 9, 9 and 2.
    const rows = Math.ceil(lane.length / perRow);
    const size = Math.ceil(lane.length / rows);
    return Array.from({ length: rows }, (_, row) => lane.slice(row * size, (row + 1) * size).flat());
  });
}

/** The layers in runs of one phase each (ELK's partitions keep each phase's layers together). */
function lanes(layers: readonly (readonly string[])[], rankOf: (key: string) => number): (readonly string[])[][] {
  const runs: (readonly string[])[][] = [];
  let rank: number | null = null;
  for (const layer of layers) {
    const layerRank = Math.min(...layer.map(rankOf));
    if (layerRank !== rank) runs.push([]);
    runs[runs.length - 1]?.push(layer);
    rank = layerRank;
  }
  return runs;
}

/** How many layers a row holds so that the drawing is about as wide, for its height, as TARGET_ASPECT. */
function layersPerRow(layers: readonly (readonly string[])[]): number {
  let best = layers.length;
  let bestMiss = Number.POSITIVE_INFINITY;
  for (let perRow = layers.length; perRow >= 1; perRow -= 1) {
    const miss = Math.abs(Math.log(aspect(layers, perRow) / TARGET_ASPECT));
    if (miss < bestMiss) [best, bestMiss] = [perRow, miss];
  }
  return best;
}

/** About how wide the drawing is for its height with this many layers a row. */
function aspect(layers: readonly (readonly string[])[], perRow: number): number {
  const rows = Math.ceil(layers.length / perRow);
  let height = 0;
  for (let row = 0; row < rows; row += 1) {
    const tallest = Math.max(...layers.slice(row * perRow, (row + 1) * perRow).map((layer) => layer.length));
    height += tallest * STAGE_HEIGHT + ROW_GAP_ESTIMATE;
  }
  return (Math.min(perRow, layers.length) * LAYER_WIDTH) / height;
}
