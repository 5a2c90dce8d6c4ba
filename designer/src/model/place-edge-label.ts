import { boxesOverlap, inflateBox, type Box, type Point } from './box';

/** Room kept between a label and a stage or another label. */
const LABEL_GAP = 3;
/** Where along a segment a label is tried: the middle first, then towards the ends. */
const ALONG = [0.5, 0.35, 0.65, 0.2, 0.8] as const;
/** The search around the route when no place on it is free: rings this far apart, this many tries a ring. */
const RING_STEP = 16;
const RING_TRIES = 16;
const MAX_RINGS = 400;

/**
 * Where a transition's label goes: centred on a segment of its route (the longest segments first, each tried
 * from its middle out) at the first place that covers no stage and no label already placed (`occupied`);
 * failing that, the free place nearest the route's middle, on rings around it. So a label never sits under a
 * stage, whatever the router had to do.
 * @example placeEdgeLabel({ points: [{ x: 0, y: 0 }, { x: 200, y: 0 }], size: { width: 60, height: 20 }, occupied: [] }) // → { x: 70, y: -10, width: 60, height: 20 }
 */
export function placeEdgeLabel({
  points,
  size,
  occupied,
}: {
  points: readonly Point[];
  size: { width: number; height: number };
  occupied: readonly Box[];
}): Box {
  const free = (centre: Point) => {
    const box = { x: centre.x - size.width / 2, y: centre.y - size.height / 2, ...size };
    const padded = inflateBox(box, LABEL_GAP);
    return occupied.some((other) => boxesOverlap(padded, other)) ? null : box;
  };
  for (const centre of alongRoute(points)) {
    const box = free(centre);
    if (box) return box;
  }
  const middle = routeMiddle(points);
  for (let ring = 1; ring <= MAX_RINGS; ring += 1) {
    for (let k = 0; k < RING_TRIES; k += 1) {
      const angle = (2 * Math.PI * k) / RING_TRIES;
      const box = free({ x: middle.x + ring * RING_STEP * Math.cos(angle), y: middle.y + ring * RING_STEP * Math.sin(angle) });
      if (box) return box;
    }
  }
  return { x: middle.x - size.width / 2, y: middle.y - size.height / 2, ...size };
}

/** Candidate centres on the route: on each segment, longest first, from its middle out. */
function alongRoute(points: readonly Point[]): Point[] {
  const segments: { from: Point; to: Point; length: number }[] = [];
  for (let k = 1; k < points.length; k += 1) {
    const from = points[k - 1] as Point;
    const to = points[k] as Point;
    segments.push({ from, to, length: Math.abs(to.x - from.x) + Math.abs(to.y - from.y) });
  }
  segments.sort((a, b) => b.length - a.length);
  return segments.flatMap(({ from, to }) => ALONG.map((t) => ({ x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t })));
}

/** The point half-way along the route. */
function routeMiddle(points: readonly Point[]): Point {
  let total = 0;
  for (let k = 1; k < points.length; k += 1) total += distance(points[k - 1] as Point, points[k] as Point);
  let left = total / 2;
  for (let k = 1; k < points.length; k += 1) {
    const from = points[k - 1] as Point;
    const to = points[k] as Point;
    const length = distance(from, to);
    if (length >= left && length > 0) return { x: from.x + ((to.x - from.x) * left) / length, y: from.y + ((to.y - from.y) * left) / length };
    left -= length;
  }
  return points[0] ?? { x: 0, y: 0 };
}

function distance(a: Point, b: Point): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}
