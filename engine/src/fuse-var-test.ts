import type { Guard } from './compile-guard';
import { membershipSet } from './membership-set';

/** The operators whose `{ op: [{ var: path }, constant] }` form gets one fused closure. */
export type FusableOperator = '==' | '===' | '!=' | '!==' | '>' | '>=' | '<' | '<=' | 'in' | '!!' | '!';

type Indexable = Record<string, unknown>;
type N = number;
interface Searchable {
  indexOf(value: unknown): number;
}

/**
 * One closure that reads a one- or two-segment `var` path and tests it against a constant, instead of
 * a closure calling a closure. Each operator keeps its own closure literal so that V8's property-load
 * caches stay monomorphic per guard clause; this is what brings compiled guards close to hand-written code.
 * A long constant `in` list is looked up in a Set (see membershipSet). Longer paths return undefined (the caller
 * falls back to the general tree).
 * @example fuseVarTest({ op: '>=', segments: ['score'], notFound: null, operand: 60 })?.({ score: 70 }) // → true
 */
export function fuseVarTest(spec: { op: FusableOperator; segments: readonly string[]; notFound: unknown; operand: unknown }): Guard | undefined {
  const { segments } = spec;
  if (segments.length === 1) return fuseOne({ op: spec.op, k: segments[0] as string, nf: spec.notFound, c: spec.operand });
  if (segments.length === 2) return fuseTwo({ op: spec.op, k0: segments[0] as string, k1: segments[1] as string, nf: spec.notFound, c: spec.operand });
  return undefined;
}

function fuseOne({ op, k, nf, c }: { op: FusableOperator; k: string; nf: unknown; c: unknown }): Guard {
  const n = c as N;
  const list = c as Searchable;
  const set = op === 'in' ? membershipSet(c) : undefined;
  if (set)
    return (d) => {
      const v = d == null ? undefined : (d as Indexable)[k];
      return set.has(v === undefined ? nf : v);
    };
  switch (op) {
    case '==':
      return (d) => {
        const v = d == null ? undefined : (d as Indexable)[k];
        return (v === undefined ? nf : v) == c;
      };
    case '===':
      return (d) => {
        const v = d == null ? undefined : (d as Indexable)[k];
        return (v === undefined ? nf : v) === c;
      };
    case '!=':
      return (d) => {
        const v = d == null ? undefined : (d as Indexable)[k];
        return (v === undefined ? nf : v) != c;
      };
    case '!==':
      return (d) => {
        const v = d == null ? undefined : (d as Indexable)[k];
        return (v === undefined ? nf : v) !== c;
      };
    case '>':
      return (d) => {
        const v = d == null ? undefined : (d as Indexable)[k];
        return ((v === undefined ? nf : v) as N) > n;
      };
    case '>=':
      return (d) => {
        const v = d == null ? undefined : (d as Indexable)[k];
        return ((v === undefined ? nf : v) as N) >= n;
      };
    case '<':
      return (d) => {
        const v = d == null ? undefined : (d as Indexable)[k];
        return ((v === undefined ? nf : v) as N) < n;
      };
    case '<=':
      return (d) => {
        const v = d == null ? undefined : (d as Indexable)[k];
        return ((v === undefined ? nf : v) as N) <= n;
      };
    case 'in':
      return (d) => {
        const v = d == null ? undefined : (d as Indexable)[k];
        return list.indexOf(v === undefined ? nf : v) !== -1;
      };
    case '!!':
      return (d) => {
        const v = d == null ? undefined : (d as Indexable)[k];
        const x = v === undefined ? nf : v;
        return Array.isArray(x) ? x.length > 0 : !!x;
      };
    case '!':
      return (d) => {
        const v = d == null ? undefined : (d as Indexable)[k];
        const x = v === undefined ? nf : v;
        return Array.isArray(x) ? x.length === 0 : !x;
      };
    default: {
      const never: never = op;
      throw new Error(`unhandled ${String(never)}`);
    }
  }
}

function fuseTwo({ op, k0, k1, nf, c }: { op: FusableOperator; k0: string; k1: string; nf: unknown; c: unknown }): Guard {
  const n = c as N;
  const list = c as Searchable;
  const set = op === 'in' ? membershipSet(c) : undefined;
  if (set)
    return (d) => {
      const p = d == null ? undefined : (d as Indexable)[k0];
      const v = p == null ? undefined : (p as Indexable)[k1];
      return set.has(v === undefined ? nf : v);
    };
  switch (op) {
    case '==':
      return (d) => {
        const p = d == null ? undefined : (d as Indexable)[k0];
        const v = p == null ? undefined : (p as Indexable)[k1];
        return (v === undefined ? nf : v) == c;
      };
    case '===':
      return (d) => {
        const p = d == null ? undefined : (d as Indexable)[k0];
        const v = p == null ? undefined : (p as Indexable)[k1];
        return (v === undefined ? nf : v) === c;
      };
    case '!=':
      return (d) => {
        const p = d == null ? undefined : (d as Indexable)[k0];
        const v = p == null ? undefined : (p as Indexable)[k1];
        return (v === undefined ? nf : v) != c;
      };
    case '!==':
      return (d) => {
        const p = d == null ? undefined : (d as Indexable)[k0];
        const v = p == null ? undefined : (p as Indexable)[k1];
        return (v === undefined ? nf : v) !== c;
      };
    case '>':
      return (d) => {
        const p = d == null ? undefined : (d as Indexable)[k0];
        const v = p == null ? undefined : (p as Indexable)[k1];
        return ((v === undefined ? nf : v) as N) > n;
      };
    case '>=':
      return (d) => {
        const p = d == null ? undefined : (d as Indexable)[k0];
        const v = p == null ? undefined : (p as Indexable)[k1];
        return ((v === undefined ? nf : v) as N) >= n;
      };
    case '<':
      return (d) => {
        const p = d == null ? undefined : (d as Indexable)[k0];
        const v = p == null ? undefined : (p as Indexable)[k1];
        return ((v === undefined ? nf : v) as N) < n;
      };
    case '<=':
      return (d) => {
        const p = d == null ? undefined : (d as Indexable)[k0];
        const v = p == null ? undefined : (p as Indexable)[k1];
        return ((v === undefined ? nf : v) as N) <= n;
      };
    case 'in':
      return (d) => {
        const p = d == null ? undefined : (d as Indexable)[k0];
        const v = p == null ? undefined : (p as Indexable)[k1];
        return list.indexOf(v === undefined ? nf : v) !== -1;
      };
    case '!!':
      return (d) => {
        const p = d == null ? undefined : (d as Indexable)[k0];
        const v = p == null ? undefined : (p as Indexable)[k1];
        const x = v === undefined ? nf : v;
        return Array.isArray(x) ? x.length > 0 : !!x;
      };
    case '!':
      return (d) => {
        const p = d == null ? undefined : (d as Indexable)[k0];
        const v = p == null ? undefined : (p as Indexable)[k1];
        const x = v === undefined ? nf : v;
        return Array.isArray(x) ? x.length === 0 : !x;
      };
    default: {
      const never: never = op;
      throw new Error(`unhandled ${String(never)}`);
    }
  }
}
