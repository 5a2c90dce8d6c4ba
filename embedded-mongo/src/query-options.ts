import { Context, Query as FullQuery } from 'mingo';
import type { Options } from 'mingo/types';

/**
 * The mingo options every query, update and pipeline runs with: scripts are refused
 * (`$where`, `$function`, `$accumulator`), because tenant data must never be executed.
 * @example new Aggregator(pipeline, queryOptions)
 */
export const queryOptions: Partial<Options> = { scriptEnabled: false };

function captureComputeOptions(): Options {
  let captured: Options | undefined;
  const capture = Context.init().addQueryOps({
    $captureOptions: (_selector: string, _value: unknown, options: Options) => {
      captured = options;
      return () => true;
    },
  });
  new FullQuery({ probe: { $captureOptions: 1 } }, { ...queryOptions, context: capture });
  if (!captured) throw new Error('embedded-mongo: could not prepare mingo options');
  return captured;
}

/**
 * `queryOptions` with every mingo operator already loaded, for `Query` from 'mingo/query'.
 * mingo's entry point copies its whole operator table into a new context on every query
 * (about 0.1 ms each, several times per write); options prepared once skip that copy. They are
 * taken from a custom operator, the one place mingo hands out its prepared options.
 * @example new Query(filter, preparedQueryOptions).test(doc)
 */
export const preparedQueryOptions: Options = captureComputeOptions();
