/**
 * How many consecutive tickets a weighted rotation is fair over: in any FAIRNESS_WINDOW tickets in a row, each
 * member is first in line within one of its share (weight / total × FAIRNESS_WINDOW).
 * @example FAIRNESS_WINDOW * 1 / 6 // → 16.7: a member of weight 1 in a 1:2:3 team is first 16 or 17 times in any 100 tickets
 */
export const FAIRNESS_WINDOW = 100;

/** A turn of the rows steps by this fraction of the turn (1 − 1/φ, the golden section): extra slots spread evenly. */
const GOLDEN_SECTION = (3 - Math.sqrt(5)) / 2;

/**
 * Which member a ticket picks first, in closed form (no state but the ticket): `memberAt(t)` is an index into the
 * weights it was built from.
 * @example weightedRotation([1, 2, 3]).memberAt(0) // → 2 (the heaviest leads the row)
 */
export interface WeightedRotation {
  memberAt(ticket: number): number;
}

/**
 * A weighted rotation fair over every FAIRNESS_WINDOW (100) tickets in a row, which smooth weighted round robin is
 * not (weights 10:66:86:23:23:100 give one member 1.5 more than its share in some window of 100).
 *
 * Tickets are laid out in rows of 100. Member i has `base = ⌊100·wᵢ/W⌋` fixed slots in every row (interleaved
 * smoothly); the `K = 100 − Σ base` remaining slots of a row are extra slots, which go to the members with a
 * remainder `rᵢ = 100·wᵢ mod W`, at most one per member per row. Row q hands out its extras by a rotation over
 * `K·W` cells: cell `c·W + ρ(q)` (ρ(q) = q·g mod W) is extra slot c, and member i owns rᵢ consecutive cells. Over
 * W rows each member gets `W·base + rᵢ = 100·wᵢ` slots: its share exactly. A window of 100 tickets is the end of one
 * row and the start of the next, so a member gets `base` plus at most one extra: the step g ≤ W − max rᵢ keeps a
 * member that holds an extra in two rows in a row in the same or a later extra slot, so the two never fall in one
 * window. Hence `base ≤ count ≤ base + 1`, within one of `100·wᵢ/W`. g is coprime to W and near W·0.382, so each
 * member's extra rows are spread over the turn and long windows stay close to the share too.
 * @example weightedRotation([1, 2, 3]) // over tickets 0–599: 100, 200 and 300 for the three members
 */
export function weightedRotation(weights: readonly number[]): WeightedRotation {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const base = weights.map((w) => Math.floor((FAIRNESS_WINDOW * w) / total));
  const rests = weights.map((w) => (FAIRNESS_WINDOW * w) % total);
  const extras = FAIRNESS_WINDOW - base.reduce((sum, b) => sum + b, 0);
  const layout = smoothLayout([...base, extras]);
  const extraSlot = extraSlots(layout, weights.length);
  const cellStarts = [0];
  for (const rest of rests) cellStarts.push((cellStarts.at(-1) ?? 0) + rest);
  const step = rowStep(total, Math.max(...rests));
  return {
    memberAt(ticket) {
      const row = Math.floor(ticket / FAIRNESS_WINDOW);
      const slot = ticket - row * FAIRNESS_WINDOW;
      const member = layout[slot] ?? 0;
      if (member < weights.length) return member;
      const cell = (extraSlot[slot] ?? 0) * total + (((row % total) * step) % total);
      return ownerOf(cellStarts, cell);
    },
  };
}

/**
 * One row: slot counts interleaved by smooth weighted round robin (each slot to the largest running credit, ties to
 * the lower index), the last count being the extra slots.
 */
function smoothLayout(counts: readonly number[]): number[] {
  const credit = counts.map(() => 0);
  const layout: number[] = [];
  for (let slot = 0; slot < FAIRNESS_WINDOW; slot++) {
    let best = 0;
    for (let i = 0; i < counts.length; i++) {
      credit[i] = (credit[i] ?? 0) + (counts[i] ?? 0);
      if ((credit[i] ?? 0) > (credit[best] ?? 0)) best = i;
    }
    credit[best] = (credit[best] ?? 0) - FAIRNESS_WINDOW;
    layout.push(best);
  }
  return layout;
}

/** For each slot of the row, which extra slot it is (0, 1, … in row order), or −1 for a member's fixed slot. */
function extraSlots(layout: readonly number[], members: number): number[] {
  let next = 0;
  return layout.map((slot) => (slot === members ? next++ : -1));
}

/** The row step: coprime to the total (every residue in one turn), at most total − max remainder, nearest total·0.382. */
function rowStep(total: number, maxRest: number): number {
  const limit = Math.max(1, total - maxRest);
  const target = Math.min(limit, Math.max(1, Math.round(total * GOLDEN_SECTION)));
  for (let distance = 0; ; distance++) {
    for (const step of [target - distance, target + distance]) {
      if (step >= 1 && step <= limit && greatestCommonDivisor(step, total) === 1) return step;
    }
  }
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/** The member whose run of cells holds `cell`: the last start at or before it (members without cells own none). */
function ownerOf(starts: readonly number[], cell: number): number {
  let low = 0;
  let high = starts.length - 2;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((starts[middle] ?? 0) <= cell) low = middle;
    else high = middle - 1;
  }
  return low;
}
