import type { Page } from 'playwright-core';

/** A rectangle on the screen, in CSS pixels. */
export interface ScreenBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the canvas shows, read from the DOM in screen pixels: each stage's box, each edge's path as points, each label's box. */
export interface CanvasGeometry {
  stages: { id: string; box: ScreenBox }[];
  edges: { id: string; points: { x: number; y: number }[] }[];
  labels: { id: string; box: ScreenBox }[];
}

/** What is wrong with a drawing, each as "<what> / <stage or label>" so a failure says where. */
export interface DrawingProblems {
  labelsUnderStages: string[];
  labelsOverLabels: string[];
  edgesThroughStages: string[];
}

/** How far apart, in screen pixels, an edge's path is sampled. */
const SAMPLE_STEP = 3;
/** Sub-pixel rounding: a point this close to a stage's border, or boxes overlapping by less, do not count. */
const TOLERANCE = 1;

/**
 * Reads the canvas's geometry from the rendered page: the bounding box of every `.react-flow__node`, points
 * sampled along every edge's drawn path (`.react-flow__edge-path`, through the SVG's screen transform), and the
 * bounding box of every `.edge-label`.
 * @example const geometry = await canvasGeometry(page); geometry.stages.length // → 5
 */
export function canvasGeometry(page: Page): Promise<CanvasGeometry> {
  return page.evaluate((step) => {
    const box = (element: Element) => {
      const { x, y, width, height } = element.getBoundingClientRect();
      return { x, y, width, height };
    };
    const stages = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((node) => ({ id: node.dataset.id ?? '', box: box(node) }));
    const edges = [...document.querySelectorAll<SVGGElement>('.react-flow__edge')].flatMap((edge) => {
      const path = edge.querySelector<SVGPathElement>('path.react-flow__edge-path');
      const matrix = path?.getScreenCTM();
      if (!path || !matrix) return [];
      const length = path.getTotalLength();
      const scale = Math.hypot(matrix.a, matrix.b) || 1;
      const count = Math.max(2, Math.ceil((length * scale) / step));
      const points = Array.from({ length: count + 1 }, (_, k) => {
        const point = path.getPointAtLength((length * k) / count);
        const screen = new DOMPoint(point.x, point.y).matrixTransform(matrix);
        return { x: screen.x, y: screen.y };
      });
      return [{ id: edge.dataset.id ?? edge.getAttribute('aria-label') ?? '', points }];
    });
    const labels = [...document.querySelectorAll<HTMLElement>('.edge-label')].map((label) => ({ id: label.dataset.testid ?? '', box: box(label) }));
    return { stages, edges, labels };
  }, SAMPLE_STEP);
}

/**
 * Checks a drawing: no label overlaps a stage or another label, and no edge's path passes through a stage (its
 * own ends touch their stages' borders, which does not count).
 * @example expect(drawingProblems(await canvasGeometry(page))).toEqual({ labelsUnderStages: [], labelsOverLabels: [], edgesThroughStages: [] })
 */
export function drawingProblems(geometry: CanvasGeometry): DrawingProblems {
  const problems: DrawingProblems = { labelsUnderStages: [], labelsOverLabels: [], edgesThroughStages: [] };
  for (const label of geometry.labels) {
    for (const stage of geometry.stages) if (overlap(label.box, stage.box)) problems.labelsUnderStages.push(`${label.id} / ${stage.id}`);
  }
  geometry.labels.forEach((label, index) => {
    for (const other of geometry.labels.slice(index + 1)) if (overlap(label.box, other.box)) problems.labelsOverLabels.push(`${label.id} / ${other.id}`);
  });
  for (const edge of geometry.edges) {
    const through = geometry.stages.find((stage) => edge.points.some((point) => inside(point, stage.box)));
    if (through) problems.edgesThroughStages.push(`${edge.id} / ${through.id}`);
  }
  return problems;
}

/**
 * Each stage name as drawn: its font size times the canvas zoom, in screen pixels, and whether all of its text
 * shows (the text's box lies within the name's box, which clips, and within its stage's).
 * @example (await stageNameSizes(page)).every((name) => name.pixels >= 10 && name.whole) // → true
 */
export function stageNameSizes(page: Page): Promise<{ id: string; text: string; pixels: number; whole: boolean }[]> {
  return page.evaluate((tolerance) => {
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
    const zoom = viewport ? new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a : 1;
    const within = (inner: DOMRect, outer: DOMRect) =>
      inner.width > 0 &&
      inner.left >= outer.left - tolerance &&
      inner.right <= outer.right + tolerance &&
      inner.top >= outer.top - tolerance &&
      inner.bottom <= outer.bottom + tolerance;
    return [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((node) => {
      const name = node.querySelector<HTMLElement>('.stage-name');
      if (!name) return { id: node.dataset.id ?? '', text: '', pixels: 0, whole: false };
      const text = document.createRange();
      text.selectNodeContents(name);
      const shown = text.getBoundingClientRect();
      const whole = name.checkVisibility() && within(shown, name.getBoundingClientRect()) && within(shown, node.getBoundingClientRect());
      return { id: node.dataset.id ?? '', text: name.textContent ?? '', pixels: Number.parseFloat(getComputedStyle(name).fontSize) * zoom, whole };
    });
  }, TOLERANCE);
}

function overlap(a: ScreenBox, b: ScreenBox): boolean {
  return a.x + TOLERANCE < b.x + b.width && b.x + TOLERANCE < a.x + a.width && a.y + TOLERANCE < b.y + b.height && b.y + TOLERANCE < a.y + a.height;
}

function inside(point: { x: number; y: number }, box: ScreenBox): boolean {
  return point.x > box.x + TOLERANCE && point.x < box.x + box.width - TOLERANCE && point.y > box.y + TOLERANCE && point.y < box.y + box.height - TOLERANCE;
}
