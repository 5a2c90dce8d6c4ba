/**
 * A small deterministic generator (mulberry32) of numbers in [0, 1), so that a failing generated case can be run again
 * from its seed.
 * @example const next = seededRandom(7); next() // → the same number every run
 */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
