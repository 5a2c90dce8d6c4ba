import type { Point } from './box';

/** How round a route's corners are drawn, at most (less where a segment is shorter). */
const CORNER_RADIUS = 6;

/**
 * An SVG path through a route's points, its corners rounded (a quadratic curve cut into each corner, never
 * more than half of either segment, so the curve stays within the route's clearance).
 * @example edgePath([{ x: 0, y: 0 }, { x: 100, y: 0 }]) // → 'M 0 0 L 100 0'
 */
export function edgePath(points: readonly Point[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  const parts = [`M ${first.x} ${first.y}`];
  for (let k = 0; k < rest.length; k += 1) {
    const corner = rest[k] as Point;
    const before = k === 0 ? first : (rest[k - 1] as Point);
    const after = rest[k + 1];
    if (!after) {
      parts.push(`L ${corner.x} ${corner.y}`);
      continue;
    }
    const radius = Math.min(CORNER_RADIUS, distance(before, corner) / 2, distance(corner, after) / 2);
    const enter = towards(corner, before, radius);
    const leave = towards(corner, after, radius);
    parts.push(`L ${enter.x} ${enter.y}`, `Q ${corner.x} ${corner.y} ${leave.x} ${leave.y}`);
  }
  return parts.join(' ');
}

/** The point `by` away from `from` in the direction of `to`. */
function towards(from: Point, to: Point, by: number): Point {
  const length = distance(from, to);
  if (length === 0) return from;
  return { x: from.x + ((to.x - from.x) * by) / length, y: from.y + ((to.y - from.y) * by) / length };
}

function distance(a: Point, b: Point): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}
