import type { Guard } from './compile-guard';
import { membershipSet } from './membership-set';

type EqualityOperator = '==' | '===' | '!=' | '!==';
type OrderOperator = '>' | '>=' | '<' | '<=';
type TruthOperator = '!!' | '!';

/** The operators whose `{ op: [{ var: path }, constant] }` form gets one fused closure. */
export type FusableOperator = EqualityOperator | OrderOperator | 'in' | TruthOperator;

type Indexable = Record<string, unknown>;
type N = number;
interface Searchable {
  indexOf(value: unknown): number;
}

/** A one-segment path `k` (not-found value `nf`) tested against the constant `c`. */
type One<Op> = { op: Op; k: string; nf: unknown; c: unknown };
/** A two-segment path `k0.k1` (not-found value `nf`) tested against the constant `c`. */
type Two<Op> = { op: Op; k0: string; k1: string; nf: unknown; c: unknown };

/**
 * One closure that reads a one- or two-segment `var` path and tests it against a constant, instead of
 * a closure calling a closure. Each operator keeps its own closure literal so that V8's property-load
 * caches stay monomorphic per guard clause; this is what brings compiled guards close to hand-written code.
 * The literals are grouped by path length, then by operator family (equality, order, membership, truthiness),
 * only to keep each builder short: the closures themselves are the same.
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

function fuseOne(spec: One<FusableOperator>): Guard {
  const { op } = spec;
  switch (op) {
    case '==':
    case '===':
    case '!=':
    case '!==':
      return oneEquality({ ...spec, op });
    case '>':
    case '>=':
    case '<':
    case '<=':
      return oneOrder({ ...spec, op });
    case 'in':
      return oneMembership({ ...spec, op });
    case '!!':
    case '!':
      return oneTruthiness({ ...spec, op });
    default: {
      const never: never = op;
      throw new Error(`unhandled ${String(never)}`);
    }
  }
}

function oneEquality({ op, k, nf, c }: One<EqualityOperator>): Guard {
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
    default: {
      const never: never = op;
      throw new Error(`unhandled ${String(never)}`);
    }
  }
}

function oneOrder({ op, k, nf, c }: One<OrderOperator>): Guard {
  const n = c as N;
  switch (op) {
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
    default: {
      const never: never = op;
      throw new Error(`unhandled ${String(never)}`);
    }
  }
}

function oneMembership({ k, nf, c }: One<'in'>): Guard {
  const set = membershipSet(c);
  if (set)
    return (d) => {
      const v = d == null ? undefined : (d as Indexable)[k];
      return set.has(v === undefined ? nf : v);
    };
  const list = c as Searchable;
  return (d) => {
    const v = d == null ? undefined : (d as Indexable)[k];
    return list.indexOf(v === undefined ? nf : v) !== -1;
  };
}

function oneTruthiness({ op, k, nf }: One<TruthOperator>): Guard {
  switch (op) {
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

function fuseTwo(spec: Two<FusableOperator>): Guard {
  const { op } = spec;
  switch (op) {
    case '==':
    case '===':
    case '!=':
    case '!==':
      return twoEquality({ ...spec, op });
    case '>':
    case '>=':
    case '<':
    case '<=':
      return twoOrder({ ...spec, op });
    case 'in':
      return twoMembership({ ...spec, op });
    case '!!':
    case '!':
      return twoTruthiness({ ...spec, op });
    default: {
      const never: never = op;
      throw new Error(`unhandled ${String(never)}`);
    }
  }
}

function twoEquality({ op, k0, k1, nf, c }: Two<EqualityOperator>): Guard {
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
    default: {
      const never: never = op;
      throw new Error(`unhandled ${String(never)}`);
    }
  }
}

function twoOrder({ op, k0, k1, nf, c }: Two<OrderOperator>): Guard {
  const n = c as N;
  switch (op) {
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
    default: {
      const never: never = op;
      throw new Error(`unhandled ${String(never)}`);
    }
  }
}

function twoMembership({ k0, k1, nf, c }: Two<'in'>): Guard {
  const set = membershipSet(c);
  if (set)
    return (d) => {
      const p = d == null ? undefined : (d as Indexable)[k0];
      const v = p == null ? undefined : (p as Indexable)[k1];
      return set.has(v === undefined ? nf : v);
    };
  const list = c as Searchable;
  return (d) => {
    const p = d == null ? undefined : (d as Indexable)[k0];
    const v = p == null ? undefined : (p as Indexable)[k1];
    return list.indexOf(v === undefined ? nf : v) !== -1;
  };
}

function twoTruthiness({ op, k0, k1, nf }: Two<TruthOperator>): Guard {
  switch (op) {
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
