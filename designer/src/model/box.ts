/** A point on the canvas, in flow coordinates. */
export interface Point {
  x: number;
  y: number;
}

/** An axis-aligned rectangle on the canvas, in flow coordinates: its top-left corner and its size. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The box grown by `by` on every side (shrunk when negative).
 * @example inflateBox({ x: 0, y: 0, width: 10, height: 10 }, 2) // → { x: -2, y: -2, width: 14, height: 14 }
 */
export function inflateBox(box: Box, by: number): Box {
  return { x: box.x - by, y: box.y - by, width: box.width + 2 * by, height: box.height + 2 * by };
}

/**
 * Whether two boxes share some area (touching edges do not count).
 * @example boxesOverlap({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 5, height: 5 }) // → false
 */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Whether the point lies strictly inside the box (a point on its border is outside).
 * @example pointInBox({ x: 5, y: 5 }, { x: 0, y: 0, width: 10, height: 10 }) // → true
 */
export function pointInBox(point: Point, box: Box): boolean {
  return point.x > box.x && point.x < box.x + box.width && point.y > box.y && point.y < box.y + box.height;
}

/**
 * Whether the segment from `a` to `b` passes through the inside of the box (the Liang–Barsky clip, strict: a
 * segment along the border or touching a corner does not).
 * @example segmentCrossesBox({ x: -5, y: 5 }, { x: 15, y: 5 }, { x: 0, y: 0, width: 10, height: 10 }) // → true
 */
export function segmentCrossesBox(a: Point, b: Point, box: Box): boolean {
  let enter = 0;
  let leave = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const clips: [number, number][] = [
    [-dx, a.x - box.x],
    [dx, box.x + box.width - a.x],
    [-dy, a.y - box.y],
    [dy, box.y + box.height - a.y],
  ];
  for (const [p, q] of clips) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) enter = Math.max(enter, t);
    else leave = Math.min(leave, t);
    if (enter >= leave) return false;
  }
  return true;
}
