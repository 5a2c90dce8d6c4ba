import { escapePointer, type Diagnostic } from '@funnel/schemas';
import { fuseVarTest, type FusableOperator } from './fuse-var-test';
import { GUARD_OPERATORS, type GuardOperator } from './guard-operators';
import { membershipSet } from './membership-set';
import { errorAt, warningAt } from './diagnostic-at';
import { truthy } from './truthy';

/** A compiled json-logic expression: a closure over the data a guard sees, with json-logic-js's result. */
export type Guard = (data: unknown) => unknown;

/** What `compileGuard` returns: the closure and anything wrong with the expression. */
export interface CompiledGuard {
  evaluate: Guard;
  diagnostics: Diagnostic[];
}

/** Where the expression sits in its definition, and how to judge the variables it reads. */
export interface CompileGuardOptions {
  /** JSON pointer of the expression, e.g. `/transitions/3/guard/logic`. */
  pointer: string;
  /** Returns a warning for a `var` path that names nothing the guard can see, or null. */
  checkVar?: (path: string) => string | null;
}

type Indexable = Record<string, unknown>;
type Comparable = number;

/** A compiled sub-expression; `constant` ones are folded at compile time, `boolean` ones skip truthiness checks. */
interface Node {
  evaluate: Guard;
  constant: boolean;
  value: unknown;
  boolean: boolean;
  /** Set on a `var` with a constant path and default, so that operators can fuse the read into their test. */
  path?: { segments: readonly string[]; notFound: unknown };
}

interface Context {
  diagnostics: Diagnostic[];
  checkVar: ((path: string) => string | null) | undefined;
  /** Inside `some`/`all`/`none` the data is the array item, so `var` names are not checked. */
  scoped: boolean;
}

const ALLOWED: ReadonlySet<string> = new Set(GUARD_OPERATORS);

/**
 * Compiles a json-logic expression once into a tree of small closures (no eval, no new Function):
 * constant `var` paths are split at compile time, constant arguments are folded, and any operator
 * outside the allow-list is an error at its JSON pointer.
 * @example compileGuard({ '>=': [{ var: 'score' }, 60] }, { pointer: '/rules/0/when' }).evaluate({ score: 70 }) // → true
 */
export function compileGuard(logic: unknown, options: CompileGuardOptions): CompiledGuard {
  const context: Context = { diagnostics: [], checkVar: options.checkVar, scoped: false };
  const node = compileNode({ logic, pointer: options.pointer, context });
  return { evaluate: node.evaluate, diagnostics: context.diagnostics };
}

function constantNode(value: unknown): Node {
  return { evaluate: () => value, constant: true, value, boolean: typeof value === 'boolean' };
}

function dynamicNode(evaluate: Guard, boolean = false): Node {
  return { evaluate, constant: false, value: undefined, boolean };
}

function isLogic(value: unknown): value is Indexable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1;
}

function compileNode({ logic, pointer, context }: { logic: unknown; pointer: string; context: Context }): Node {
  if (Array.isArray(logic)) return compileArray(logic.map((item, i) => compileNode({ logic: item, pointer: `${pointer}/${i}`, context })));
  if (!isLogic(logic)) return constantNode(logic);
  const operator = Object.keys(logic)[0] as string;
  const operatorPointer = `${pointer}/${escapePointer(operator)}`;
  if (!ALLOWED.has(operator)) {
    context.diagnostics.push(
      errorAt({
        code: 'guard.operator',
        pointer: operatorPointer,
        message: `operator "${operator}" is not allowed in a guard; allowed operators: ${GUARD_OPERATORS.join(', ')}`,
      }),
    );
    return constantNode(null);
  }
  const raw = logic[operator];
  const rawArgs: unknown[] = Array.isArray(raw) ? raw : [raw];
  const argPointer = (i: number) => (Array.isArray(raw) ? `${operatorPointer}/${i}` : operatorPointer);
  const op = operator as GuardOperator;
  if (op === 'some' || op === 'all' || op === 'none') {
    const list = compileNode({ logic: rawArgs[0], pointer: argPointer(0), context });
    const item = compileNode({ logic: rawArgs[1], pointer: argPointer(1), context: { ...context, scoped: true } });
    return compileIteration({ op, list: list.evaluate, item: item.evaluate });
  }
  const args = rawArgs.map((arg, i) => compileNode({ logic: arg, pointer: argPointer(i), context }));
  if (op === 'var') return compileVar({ args, context, pointer: operatorPointer });
  if (op === 'missing_some' && !(args[0]?.constant && typeof args[0].value === 'number' && args[1]?.constant && Array.isArray(args[1].value))) {
    // json-logic-js throws at run time when the list is not an array; a definition must give both as constants.
    context.diagnostics.push(
      errorAt({
        code: 'guard.arguments',
        pointer: operatorPointer,
        message: 'operator "missing_some" needs a number and a list of field names, e.g. {"missing_some": [1, ["phone", "email"]]}',
      }),
    );
  }
  if (op === '*' && args.length === 0) {
    context.diagnostics.push(errorAt({ code: 'guard.arity', pointer: operatorPointer, message: 'operator "*" needs at least one argument' }));
    return constantNode(null);
  }
  return compileOperator(op, args);
}

function compileArray(items: Node[]): Node {
  if (items.every((n) => n.constant)) return constantNode(items.map((n) => n.value));
  const fns = items.map((n) => n.evaluate);
  return dynamicNode((d) => fns.map((f) => f(d)));
}

// lookupSegments, lookup and substr take positional arguments against the house rule: they run on every guard
// evaluation, where an argument object would be an allocation per call, and substr mirrors String#substr.
function lookupSegments(data: unknown, segments: readonly string[], notFound: unknown): unknown {
  let current = data;
  for (const segment of segments) {
    if (current === null || current === undefined) return notFound;
    current = (current as Indexable)[segment];
    if (current === undefined) return notFound;
  }
  return current;
}

/** json-logic-js's `var`: a dotted path into the data, `notFound` when any step is missing. */
function lookup(data: unknown, path: unknown, notFound: unknown): unknown {
  if (path === undefined || path === '' || path === null) return data;
  return lookupSegments(data, String(path).split('.'), notFound);
}

function compileVar({ args, context, pointer }: { args: Node[]; context: Context; pointer: string }): Node {
  const path = args[0] ?? constantNode(undefined);
  const fallback = args[1] ?? constantNode(null);
  if (!path.constant || !fallback.constant) {
    const p = path.evaluate;
    const f = fallback.evaluate;
    return dynamicNode((d) => lookup(d, p(d), f(d)));
  }
  const key = path.value;
  if (key === undefined || key === '' || key === null) return dynamicNode((d) => d);
  const name = String(key);
  if (!context.scoped && context.checkVar) {
    const warning = context.checkVar(name);
    if (warning) context.diagnostics.push(warningAt({ code: 'guard.unknown_var', pointer, message: warning }));
  }
  const notFound = fallback.value;
  const segments = name.split('.');
  return { ...readNode(segments, notFound), path: { segments, notFound } };
}

function readNode(segments: readonly string[], notFound: unknown): Node {
  if (segments.length === 1) {
    const [k] = segments as [string];
    return dynamicNode((d) => {
      if (d === null || d === undefined) return notFound;
      const v = (d as Indexable)[k];
      return v === undefined ? notFound : v;
    });
  }
  if (segments.length === 2) {
    const [k0, k1] = segments as [string, string];
    return dynamicNode((d) => {
      if (d === null || d === undefined) return notFound;
      const parent = (d as Indexable)[k0];
      if (parent === null || parent === undefined) return notFound;
      const v = (parent as Indexable)[k1];
      return v === undefined ? notFound : v;
    });
  }
  return dynamicNode((d) => lookupSegments(d, segments, notFound));
}

function compileIteration({ op, list, item }: { op: 'some' | 'all' | 'none'; list: Guard; item: Guard }): Node {
  switch (op) {
    case 'all':
      return dynamicNode((d) => {
        const items = list(d);
        if (!Array.isArray(items) || items.length === 0) return false;
        for (const i of items) if (!truthy(item(i))) return false;
        return true;
      }, true);
    case 'some':
      return dynamicNode((d) => {
        const items = list(d);
        if (!Array.isArray(items) || items.length === 0) return false;
        for (const i of items) if (truthy(item(i))) return true;
        return false;
      }, true);
    case 'none':
      return dynamicNode((d) => {
        const items = list(d);
        if (!Array.isArray(items) || items.length === 0) return true;
        for (const i of items) if (truthy(item(i))) return false;
        return true;
      }, true);
    default: {
      const never: never = op;
      throw new Error(`unhandled iteration ${String(never)}`);
    }
  }
}

function argOf(args: Node[], i: number): Node {
  return args[i] ?? constantNode(undefined);
}

function compileOperator(op: Exclude<GuardOperator, 'var' | 'some' | 'all' | 'none'>, args: Node[]): Node {
  switch (op) {
    case 'and':
      return compileAnd(args);
    case 'or':
      return compileOr(args);
    case 'if':
    case '?:':
      return compileIf(args);
    case '!': {
      const fused = fused0({ op, left: argOf(args, 0), operand: undefined });
      if (fused) return fused;
      const a = argOf(args, 0).evaluate;
      return dynamicNode((d) => !truthy(a(d)), true);
    }
    case '!!': {
      const fused = fused0({ op, left: argOf(args, 0), operand: undefined });
      if (fused) return fused;
      const a = argOf(args, 0).evaluate;
      return dynamicNode((d) => {
        const v = a(d);
        return Array.isArray(v) ? v.length > 0 : !!v;
      }, true);
    }
    case '==':
    case '===':
    case '!=':
    case '!==':
    case '>':
    case '>=':
    case '<':
    case '<=':
      return compileComparison(op, args);
    case 'in':
      return compileIn(argOf(args, 0), argOf(args, 1));
    default:
      return compileValueOperator(
        op,
        args.map((n) => n.evaluate),
      );
  }
}

/** The fused closure for `{ op: [{ var }, constant] }`, when the left side is a plain path. */
function fused0({ op, left, operand }: { op: FusableOperator; left: Node; operand: unknown }): Node | undefined {
  if (!left.path) return undefined;
  const evaluate = fuseVarTest({ op, segments: left.path.segments, notFound: left.path.notFound, operand });
  return evaluate ? dynamicNode(evaluate, true) : undefined;
}

function compileAnd(args: Node[]): Node {
  if (args.length === 0) return constantNode(undefined);
  const fns = args.map((n) => n.evaluate);
  if (args.every((n) => n.boolean)) {
    if (fns.length === 1) return dynamicNode(fns[0] as Guard, true);
    if (fns.length === 2) {
      const [f0, f1] = fns as [Guard, Guard];
      return dynamicNode((d) => f0(d) && f1(d), true);
    }
    if (fns.length === 3) {
      const [f0, f1, f2] = fns as [Guard, Guard, Guard];
      return dynamicNode((d) => f0(d) && f1(d) && f2(d), true);
    }
    if (fns.length === 4) {
      const [f0, f1, f2, f3] = fns as [Guard, Guard, Guard, Guard];
      return dynamicNode((d) => f0(d) && f1(d) && f2(d) && f3(d), true);
    }
  }
  return dynamicNode(
    (d) => {
      let current: unknown;
      for (const f of fns) {
        current = f(d);
        if (!truthy(current)) return current;
      }
      return current;
    },
    args.every((n) => n.boolean),
  );
}

function compileOr(args: Node[]): Node {
  if (args.length === 0) return constantNode(undefined);
  const fns = args.map((n) => n.evaluate);
  if (args.every((n) => n.boolean) && fns.length === 2) {
    const [f0, f1] = fns as [Guard, Guard];
    return dynamicNode((d) => f0(d) || f1(d), true);
  }
  return dynamicNode(
    (d) => {
      let current: unknown;
      for (const f of fns) {
        current = f(d);
        if (truthy(current)) return current;
      }
      return current;
    },
    args.every((n) => n.boolean),
  );
}

function compileIf(args: Node[]): Node {
  const fns = args.map((n) => n.evaluate);
  if (fns.length === 0) return constantNode(null);
  return dynamicNode((d) => {
    let i = 0;
    for (; i < fns.length - 1; i += 2) {
      if (truthy((fns[i] as Guard)(d))) return (fns[i + 1] as Guard)(d);
    }
    return i === fns.length - 1 ? (fns[i] as Guard)(d) : null;
  });
}

type ComparisonOperator = '==' | '===' | '!=' | '!==' | '>' | '>=' | '<' | '<=';

function compileComparison(op: ComparisonOperator, args: Node[]): Node {
  const a = argOf(args, 0).evaluate;
  const right = argOf(args, 1);
  const b = right.evaluate;
  const third = args[2];
  if ((op === '<' || op === '<=') && third) return compileBetween({ op, a, b, c: third.evaluate });
  if (right.constant) {
    const fused = fused0({ op, left: argOf(args, 0), operand: right.value });
    if (fused) return fused;
    const bv = right.value as Comparable;
    switch (op) {
      case '==':
        return dynamicNode((d) => a(d) == bv, true);
      case '===':
        return dynamicNode((d) => a(d) === bv, true);
      case '!=':
        return dynamicNode((d) => a(d) != bv, true);
      case '!==':
        return dynamicNode((d) => a(d) !== bv, true);
      case '>':
        return dynamicNode((d) => (a(d) as Comparable) > bv, true);
      case '>=':
        return dynamicNode((d) => (a(d) as Comparable) >= bv, true);
      case '<':
        return dynamicNode((d) => (a(d) as Comparable) < bv, true);
      case '<=':
        return dynamicNode((d) => (a(d) as Comparable) <= bv, true);
      default: {
        const never: never = op;
        throw new Error(`unhandled comparison ${String(never)}`);
      }
    }
  }
  switch (op) {
    case '==':
      return dynamicNode((d) => a(d) == b(d), true);
    case '===':
      return dynamicNode((d) => a(d) === b(d), true);
    case '!=':
      return dynamicNode((d) => a(d) != b(d), true);
    case '!==':
      return dynamicNode((d) => a(d) !== b(d), true);
    case '>':
      return dynamicNode((d) => (a(d) as Comparable) > (b(d) as Comparable), true);
    case '>=':
      return dynamicNode((d) => (a(d) as Comparable) >= (b(d) as Comparable), true);
    case '<':
      return dynamicNode((d) => (a(d) as Comparable) < (b(d) as Comparable), true);
    case '<=':
      return dynamicNode((d) => (a(d) as Comparable) <= (b(d) as Comparable), true);
    default: {
      const never: never = op;
      throw new Error(`unhandled comparison ${String(never)}`);
    }
  }
}

/** `{"<": [a, b, c]}`: a < b < c; json-logic-js falls back to two arguments when c is undefined. */
function compileBetween({ op, a, b, c }: { op: '<' | '<='; a: Guard; b: Guard; c: Guard }): Node {
  const strict = op === '<';
  return dynamicNode((d) => {
    const av = a(d) as Comparable;
    const bv = b(d) as Comparable;
    const cv = c(d) as Comparable | undefined;
    if (strict) return cv === undefined ? av < bv : av < bv && bv < cv;
    return cv === undefined ? av <= bv : av <= bv && bv <= cv;
  }, true);
}

interface Searchable {
  indexOf(value: unknown): number;
}

function isSearchable(value: unknown): value is Searchable {
  return !!value && typeof (value as Searchable).indexOf !== 'undefined';
}

function compileIn(needle: Node, haystack: Node): Node {
  const a = needle.evaluate;
  if (haystack.constant) {
    const list = haystack.value;
    if (!isSearchable(list)) return constantNode(false);
    const fused = fused0({ op: 'in', left: needle, operand: list });
    if (fused) return fused;
    const set = membershipSet(list);
    if (set) return dynamicNode((d) => set.has(a(d)), true);
    return dynamicNode((d) => list.indexOf(a(d)) !== -1, true);
  }
  const b = haystack.evaluate;
  return dynamicNode((d) => {
    const list = b(d);
    return isSearchable(list) ? list.indexOf(a(d)) !== -1 : false;
  }, true);
}

type ValueOperator = '+' | '-' | '*' | '/' | '%' | 'min' | 'max' | 'cat' | 'substr' | 'merge' | 'missing' | 'missing_some';

function compileValueOperator(op: ValueOperator, fns: Guard[]): Node {
  const all = (d: unknown) => fns.map((f) => f(d));
  const [f0 = () => undefined, f1 = () => undefined, f2 = () => undefined] = fns;
  switch (op) {
    case '+':
      return dynamicNode((d) => all(d).reduce<number>((sum, v) => parseFloat(sum as never) + parseFloat(v as never), 0));
    case '*':
      return dynamicNode((d) => all(d).reduce((product, v) => parseFloat(product as never) * parseFloat(v as never)));
    case '-':
      return dynamicNode((d) => {
        const b = f1(d) as Comparable | undefined;
        return b === undefined ? -(f0(d) as Comparable) : (f0(d) as Comparable) - b;
      });
    case '/':
      return dynamicNode((d) => (f0(d) as Comparable) / (f1(d) as Comparable));
    case '%':
      return dynamicNode((d) => (f0(d) as Comparable) % (f1(d) as Comparable));
    case 'min':
      return dynamicNode((d) => Math.min(...(all(d) as Comparable[])));
    case 'max':
      return dynamicNode((d) => Math.max(...(all(d) as Comparable[])));
    case 'cat':
      return dynamicNode((d) => all(d).join(''));
    case 'substr':
      return dynamicNode((d) => substr(f0(d), f1(d) as number, f2(d) as number | undefined));
    case 'merge':
      return dynamicNode((d) => all(d).reduce<unknown[]>((merged, v) => merged.concat(v), []));
    case 'missing':
      return dynamicNode((d) => missing(d, all(d)));
    case 'missing_some':
      return dynamicNode((d) => {
        const need = f0(d) as number;
        const options = f1(d) as unknown[];
        const absent = missing(d, Array.isArray(options) ? options : [options]);
        return options.length - absent.length >= need ? [] : absent;
      });
    default: {
      const never: never = op;
      throw new Error(`unhandled operator ${String(never)}`);
    }
  }
}

/** json-logic-js's `substr`, which emulates PHP for a negative length. */
function substr(source: unknown, start: number, length: number | undefined): string {
  if (length !== undefined && length < 0) {
    const rest = String(source).substr(start);
    return rest.substr(0, rest.length + length);
  }
  return String(source).substr(start, length);
}

/** json-logic-js's `missing`: the keys whose value is null, absent or the empty string. */
function missing(data: unknown, args: unknown[]): unknown[] {
  const keys: unknown[] = Array.isArray(args[0]) ? args[0] : args;
  const absent: unknown[] = [];
  for (const key of keys) {
    // json-logic-js looks each key up as `{ var: key }`, so an array key is a path and its default.
    const value = Array.isArray(key) ? lookup(data, key[0], key[1] ?? null) : lookup(data, key, null);
    if (value === null || value === '') absent.push(key);
  }
  return absent;
}
