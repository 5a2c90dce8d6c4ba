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
type OnePath = { k: string; nf: unknown; c: unknown };
/** A two-segment path `k0.k1` (not-found value `nf`) tested against the constant `c`. */
type TwoPath = { k0: string; k1: string; nf: unknown; c: unknown };
type One<Op> = OnePath & { op: Op };
type Two<Op> = TwoPath & { op: Op };

/** The closure builders for one path length, one per operator family. */
interface Builders<Path> {
  equality(spec: Path & { op: EqualityOperator }): Guard;
  order(spec: Path & { op: OrderOperator }): Guard;
  membership(spec: Path & { op: 'in' }): Guard;
  truthiness(spec: Path & { op: TruthOperator }): Guard;
}

// Function declarations are hoisted, so the builders below can be listed here.
const ONE_SEGMENT: Builders<OnePath> = { equality: oneEquality, order: oneOrder, membership: oneMembership, truthiness: oneTruthiness };
const TWO_SEGMENTS: Builders<TwoPath> = { equality: twoEquality, order: twoOrder, membership: twoMembership, truthiness: twoTruthiness };

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
  if (segments.length === 1) return fuse({ op: spec.op, k: segments[0] as string, nf: spec.notFound, c: spec.operand }, ONE_SEGMENT);
  if (segments.length === 2)
    return fuse({ op: spec.op, k0: segments[0] as string, k1: segments[1] as string, nf: spec.notFound, c: spec.operand }, TWO_SEGMENTS);
  return undefined;
}

/** The closure for the spec's operator, from the builder of its family. */
function fuse<Path>(spec: Path & { op: FusableOperator }, builders: Builders<Path>): Guard {
  const { op } = spec;
  switch (op) {
    case '==':
    case '===':
    case '!=':
    case '!==':
      return builders.equality({ ...spec, op });
    case '>':
    case '>=':
    case '<':
    case '<=':
      return builders.order({ ...spec, op });
    case 'in':
      return builders.membership({ ...spec, op });
    case '!!':
    case '!':
      return builders.truthiness({ ...spec, op });
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
