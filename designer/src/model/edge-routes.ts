import { boxesOverlap, segmentCrossesBox, type Box, type Point } from './box';
import { routeOrthogonal } from './orthogonal-router';
import { placeEdgeLabel } from './place-edge-label';

/** How an edge is drawn: its route (first point on the source, last on the target) and its label's box. */
export interface EdgeRoute {
  points: Point[];
  label: Box;
}

/** Routes by edge id. */
export type EdgeRoutes = ReadonlyMap<string, EdgeRoute>;

/** What routing needs to know of an edge: the stages it joins and the size of its label. */
export interface RoutableEdge {
  id: string;
  source: string;
  target: string;
  label: { width: number; height: number };
}

/** What routing was last given, to tell what changed since. */
export interface RoutingInput {
  boxes: ReadonlyMap<string, Box>;
  edges: readonly RoutableEdge[];
}

/**
 * Routes for every edge, keeping the ones `previous` had that nothing has disturbed and routing the rest with
 * the local router: an edge is routed again when it is new, when its label's size changed, when a stage it
 * joins moved or changed size, or when a stage that moved or grew now lies across its route or its label.
 * Labels are placed clear of every stage and of each other. Without `previous`, every edge is routed.
 * @example rerouteEdges({ input, previous: { input: before, routes } }) // after a drag: the dragged stage's edges routed again
 */
export function rerouteEdges({ input, previous }: { input: RoutingInput; previous?: { input: RoutingInput; routes: EdgeRoutes } }): Map<string, EdgeRoute> {
  const moved = previous ? movedStages(previous.input.boxes, input.boxes) : null;
  const kept = new Map<string, EdgeRoute>();
  if (previous && moved) {
    const before = new Map(previous.input.edges.map((edge) => [edge.id, edge]));
    for (const edge of input.edges) {
      const route = previous.routes.get(edge.id);
      const old = before.get(edge.id);
      if (route && old && undisturbed({ edge, old, route, moved })) kept.set(edge.id, route);
    }
  }
  const routed = routeOrthogonal({
    boxes: input.boxes,
    edges: input.edges,
    only: new Set(input.edges.filter((edge) => !kept.has(edge.id)).map((edge) => edge.id)),
  });
  const occupied: Box[] = [...input.boxes.values(), ...[...kept.values()].map((route) => route.label)];
  const routes = new Map<string, EdgeRoute>();
  for (const edge of input.edges) {
    const keptRoute = kept.get(edge.id);
    if (keptRoute) {
      routes.set(edge.id, keptRoute);
      continue;
    }
    const points = routed.get(edge.id);
    if (!points) continue;
    const label = placeEdgeLabel({ points, size: edge.label, occupied });
    occupied.push(label);
    routes.set(edge.id, { points, label });
  }
  return routes;
}

/** The boxes of stages that moved, changed size, or are new (keyed as `boxes` is). */
function movedStages(before: ReadonlyMap<string, Box>, after: ReadonlyMap<string, Box>): Map<string, Box> {
  const moved = new Map<string, Box>();
  for (const [key, box] of after) {
    const old = before.get(key);
    if (!old || old.x !== box.x || old.y !== box.y || old.width !== box.width || old.height !== box.height) moved.set(key, box);
  }
  return moved;
}

function undisturbed({ edge, old, route, moved }: { edge: RoutableEdge; old: RoutableEdge; route: EdgeRoute; moved: ReadonlyMap<string, Box> }): boolean {
  if (old.source !== edge.source || old.target !== edge.target) return false;
  if (old.label.width !== edge.label.width || old.label.height !== edge.label.height) return false;
  if (moved.has(edge.source) || moved.has(edge.target)) return false;
  for (const box of moved.values()) {
    if (boxesOverlap(route.label, box)) return false;
    for (let k = 1; k < route.points.length; k += 1) if (segmentCrossesBox(route.points[k - 1] as Point, route.points[k] as Point, box)) return false;
  }
  return true;
}
