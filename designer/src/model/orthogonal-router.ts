import { inflateBox, pointInBox, type Box, type Point } from './box';
import { MinHeap } from './min-heap';
import { routingGrid, type RoutingGrid } from './routing-grid';

/** One edge to route: its id and the keys of the boxes it joins. */
export interface EdgeEnds {
  id: string;
  source: string;
  target: string;
}

/** How far routes keep from every stage (and how long the first and last segment are). */
export const ROUTE_CLEARANCE = 16;
/** What a bend costs, in pixels of length: routes prefer a little detour to an extra corner. */
const BEND_COST = 60;
/** What running along another route costs, per pixel, on top of the length. */
const OVERLAP_COST = 2;
/** Moves on the grid: +x, -x, +y, -y. */
const DX = [1, -1, 0, 0] as const;
const DY = [0, 0, 1, -1] as const;
const OPPOSITE = [1, 0, 3, 2] as const;

type Side = 'left' | 'right';
/** Where an edge leaves its source and enters its target. */
interface Ports {
  start: Point;
  startSide: Side;
  end: Point;
  endSide: Side;
}

/**
 * Routes edges between fixed boxes with orthogonal segments that keep `ROUTE_CLEARANCE` from every box: the
 * designer's local router, for stages placed by hand (a saved layout, a drag) where ELK, which places the stages
 * itself, cannot route. An edge leaves its source on the right and enters its target on the left, as the stage's
 * handles are, unless the target lies wholly to the left (then left to right, the short way round). Edges
 * sharing a side are spread along it, ordered by where their other end is. The path is a least-cost search
 * (length plus a cost per bend) over a sparse grid of the lines along and between the boxes. Only the edges in
 * `only` are routed (all by default); the others still count when ports are spread.
 * @example routeOrthogonal({ boxes, edges: [{ id: 'qualify:lead', source: 'lead', target: 'opportunity' }] }).get('qualify:lead') // → [{ x: 220, y: 50 }, { x: 300, y: 50 }]
 */
export function routeOrthogonal({
  boxes,
  edges,
  only,
}: {
  boxes: ReadonlyMap<string, Box>;
  edges: readonly EdgeEnds[];
  only?: ReadonlySet<string>;
}): Map<string, Point[]> {
  const wanted = edges.filter((edge) => (!only || only.has(edge.id)) && boxes.has(edge.source) && boxes.has(edge.target));
  if (wanted.length === 0) return new Map();
  const ports = spreadPorts({ boxes, edges });
  const obstacles = [...boxes.values()].map((box) => inflateBox(box, ROUTE_CLEARANCE));
  const portYs = wanted.flatMap((edge) => {
    const port = ports.get(edge.id);
    return port ? [port.start.y, port.end.y] : [];
  });
  const searchers = searchersOn({ obstacles, ys: portYs });
  const owners = new Map([...boxes.keys()].map((key, index) => [key, index]));
  const routes = new Map<string, Point[]>();
  for (const edge of wanted) {
    const port = ports.get(edge.id);
    if (port) routes.set(edge.id, routeOne({ searchers, obstacles, port, owner: owners.get(edge.target) ?? -1 }));
  }
  return routes;
}

/** A grid and the search on it. */
interface Searcher {
  grid: RoutingGrid;
  search: GridSearch;
}

/** The searcher on the grid of all obstacles but those listed by index (each made once, when first asked for). */
function searchersOn({ obstacles, ys }: { obstacles: readonly Box[]; ys: readonly number[] }): (leftOut: readonly number[]) => Searcher {
  const made = new Map<string, Searcher>();
  return (leftOut) => {
    const key = leftOut.join(',');
    let searcher = made.get(key);
    if (!searcher) {
      const grid = routingGrid({ obstacles: obstacles.filter((_, index) => !leftOut.includes(index)), ys });
      searcher = { grid, search: gridSearch(grid) };
      made.set(key, searcher);
    }
    return searcher;
  };
}

function routeOne({
  searchers,
  obstacles,
  port,
  owner,
}: {
  searchers: (leftOut: readonly number[]) => Searcher;
  obstacles: readonly Box[];
  port: Ports;
  owner: number;
}): Point[] {
  const startStub = { x: port.start.x + (port.startSide === 'right' ? ROUTE_CLEARANCE : -ROUTE_CLEARANCE), y: port.start.y };
  const endStub = { x: port.end.x + (port.endSide === 'left' ? -ROUTE_CLEARANCE : ROUTE_CLEARANCE), y: port.end.y };
  // A stage dropped on another covers its ports: route round every other stage, through the ones on the ports.
  const covering = obstacles.flatMap((box, index) => (pointInBox(startStub, box) || pointInBox(endStub, box) ? [index] : []));
  const { grid, search } = searchers(covering);
  const start = onGrid(grid, startStub);
  const end = onGrid(grid, endStub);
  const found = search({
    from: { i: grid.xIndex(start.x), j: grid.yIndex(start.y), direction: port.startSide === 'right' ? 0 : 1 },
    to: { i: grid.xIndex(end.x), j: grid.yIndex(end.y), direction: port.endSide === 'left' ? 0 : 1 },
    owner,
  });
  // Not found only when nothing joins the two (never, with the frame round the grid): draw it plainly.
  const middle = found ?? [start, { x: (start.x + end.x) / 2, y: start.y }, { x: (start.x + end.x) / 2, y: end.y }, end];
  return withoutStraightJoints([{ x: port.start.x, y: start.y }, ...middle, { x: port.end.x, y: end.y }]);
}

function onGrid(grid: RoutingGrid, point: Point): Point {
  return { x: grid.xs[grid.xIndex(point.x)] as number, y: grid.ys[grid.yIndex(point.y)] as number };
}

/** A route's corners only: points in line with their neighbours (and repeated points) are left out. */
function withoutStraightJoints(points: readonly Point[]): Point[] {
  const kept: Point[] = [];
  for (const point of points) {
    const last = kept[kept.length - 1];
    if (last && last.x === point.x && last.y === point.y) continue;
    const before = kept[kept.length - 2];
    if (before && last && ((before.x === last.x && last.x === point.x) || (before.y === last.y && last.y === point.y))) kept.pop();
    kept.push(point);
  }
  return kept;
}

/** Each edge's two ports: the sides it uses, and its place along each side among the edges sharing it. */
function spreadPorts({ boxes, edges }: { boxes: ReadonlyMap<string, Box>; edges: readonly EdgeEnds[] }): Map<string, Ports> {
  type End = { edge: string; end: 'start' | 'end'; other: Box };
  const bySide = new Map<string, End[]>();
  const sides = new Map<string, { startSide: Side; endSide: Side }>();
  for (const edge of edges) {
    const source = boxes.get(edge.source);
    const target = boxes.get(edge.target);
    if (!source || !target) continue;
    const backwards = target.x + target.width + 2 * ROUTE_CLEARANCE <= source.x;
    const side = { startSide: backwards ? 'left' : 'right', endSide: backwards ? 'right' : 'left' } as const;
    sides.set(edge.id, side);
    push(bySide, `${edge.source}:${side.startSide}`, { edge: edge.id, end: 'start', other: target });
    push(bySide, `${edge.target}:${side.endSide}`, { edge: edge.id, end: 'end', other: source });
  }
  const places = new Map<string, Point>();
  for (const [key, ends] of bySide) {
    const [node, side] = key.split(/:(?=[^:]*$)/) as [string, Side];
    const box = boxes.get(node) as Box;
    ends.sort((a, b) => a.other.y + a.other.height / 2 - (b.other.y + b.other.height / 2) || a.other.x - b.other.x);
    ends.forEach((end, index) => {
      const y = box.y + (box.height * (index + 1)) / (ends.length + 1);
      places.set(`${end.edge}:${end.end}`, { x: side === 'right' ? box.x + box.width : box.x, y });
    });
  }
  const ports = new Map<string, Ports>();
  for (const [edge, side] of sides) {
    const start = places.get(`${edge}:start`);
    const end = places.get(`${edge}:end`);
    if (start && end) ports.set(edge, { start, end, ...side });
  }
  return ports;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

type GridSearch = (input: { from: GridState; to: GridState; owner: number }) => Point[] | null;
/** A grid point and the direction the route moves in there (0 +x, 1 -x, 2 +y, 3 -y). */
interface GridState {
  i: number;
  j: number;
  direction: number;
}

/**
 * A* over (grid point, direction) with cost length × (1 + the line's border cost) + BEND_COST per bend; the
 * route must arrive moving in `to.direction` (into the target's side) or pay one more bend. A grid step another
 * route already took costs OVERLAP_COST more per pixel unless that route ends at the same stage (`owner`): so
 * routes keep apart where there is room, and edges into one stage share their last stretch like a bus. Its
 * arrays are allocated once per grid and reused by every search on it.
 */
function gridSearch(grid: RoutingGrid): GridSearch {
  const columns = grid.xs.length;
  const nodes = columns * grid.ys.length;
  const cost = new Float64Array(nodes * 4);
  const parent = new Int32Array(nodes * 4);
  const visit = new Int32Array(nodes * 4);
  // Who took each grid step so far (by the step's lower node, per axis): 0 nobody, the owner + 1, or -1 several.
  const taken = [new Int32Array(nodes), new Int32Array(nodes)] as const;
  let round = 0;
  // Positional arguments and no objects: this runs three times for every grid point the search visits.
  const step = (node: number, direction: number, owner: number): number => {
    const length = grid.step[node * 4 + direction] as number;
    if (length < 0) return -1;
    const lower = direction === 1 ? node - 1 : direction === 3 ? node - columns : node;
    const by = (taken[direction >> 1] as Int32Array)[lower] as number;
    return by === 0 || by === owner + 1 ? length : length * (1 + OVERLAP_COST);
  };
  return ({ from, to, owner }) => {
    round += 1;
    const goal = to.j * columns + to.i;
    const heuristic = searchHeuristic({ grid, to });
    const open = new MinHeap();
    const first = (from.j * columns + from.i) * 4 + from.direction;
    visit[first] = round;
    cost[first] = 0;
    parent[first] = -1;
    open.push(first, heuristic(first));
    let best = -1;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let state = open.pop(); state !== undefined; state = open.pop()) {
      const node = state >> 2;
      const direction = state & 3;
      const reached = cost[state] as number;
      if (reached + heuristic(state) >= bestCost) break;
      if (node === goal) {
        const total = reached + (direction === to.direction ? 0 : BEND_COST);
        if (total < bestCost) [best, bestCost] = [state, total];
        continue;
      }
      for (let next = 0; next < 4; next += 1) {
        if (next === OPPOSITE[direction]) continue;
        const length = step(node, next, owner);
        if (length < 0) continue;
        const neighbour = (node + DX[next as 0] + DY[next as 0] * columns) * 4 + next;
        const candidate = reached + length + (next === direction ? 0 : BEND_COST);
        if (visit[neighbour] === round && (cost[neighbour] as number) <= candidate) continue;
        visit[neighbour] = round;
        cost[neighbour] = candidate;
        parent[neighbour] = state;
        open.push(neighbour, candidate + heuristic(neighbour));
      }
    }
    if (best < 0) return null;
    markTaken({ taken, parent, state: best, owner });
    return pathTo({ grid, parent, state: best });
  };
}

/** The distance left, plus a bend unless the route can run straight on into the target: never more than the cost. */
function searchHeuristic({ grid, to }: { grid: RoutingGrid; to: GridState }): (state: number) => number {
  const columns = grid.xs.length;
  const goalX = grid.xs[to.i] as number;
  const goalY = grid.ys[to.j] as number;
  return (state) => {
    const node = state >> 2;
    const direction = state & 3;
    const dx = goalX - (grid.xs[node % columns] as number);
    const dy = goalY - (grid.ys[Math.floor(node / columns)] as number);
    const straight = direction === to.direction && dy === 0 && (dx === 0 || Math.sign(dx) === DX[direction as 0]);
    return Math.abs(dx) + Math.abs(dy) + (straight ? 0 : BEND_COST);
  };
}

/** Records the grid steps of a route found as taken by its owner. */
function markTaken({ taken, parent, state, owner }: { taken: readonly [Int32Array, Int32Array]; parent: Int32Array; state: number; owner: number }): void {
  for (let at = state; (parent[at] as number) >= 0; at = parent[at] as number) {
    const node = at >> 2;
    const previous = (parent[at] as number) >> 2;
    const axis = Math.abs(node - previous) === 1 ? 0 : 1;
    const lower = Math.min(node, previous);
    const list = taken[axis];
    const by = list[lower] as number;
    list[lower] = by === 0 || by === owner + 1 ? owner + 1 : -1;
  }
}

function pathTo({ grid, parent, state }: { grid: RoutingGrid; parent: Int32Array; state: number }): Point[] {
  const columns = grid.xs.length;
  const points: Point[] = [];
  for (let at = state; at >= 0; at = parent[at] as number) {
    const node = at >> 2;
    points.push({ x: grid.xs[node % columns] as number, y: grid.ys[Math.floor(node / columns)] as number });
  }
  return points.reverse();
}
