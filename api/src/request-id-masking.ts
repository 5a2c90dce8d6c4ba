import { GraphQLError } from 'graphql/index.js';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context';
import { ApiError } from './errors';

/** True for errors meant for the caller: our coded errors and GraphQL's own (syntax, validation). */
function isExpected(error: GraphQLError): boolean {
  const original = error.originalError;
  return !original || original instanceof ApiError || (original instanceof GraphQLError && !original.originalError);
}

/**
 * Masks unexpected errors: the caller sees "Unexpected error" with the request id, the log gets the
 * request id, the path and the stack. Coded ApiErrors and GraphQL validation errors pass through.
 * @example createYoga({ plugins: [useRequestIdMasking()] })
 */
export function useRequestIdMasking(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue as Context;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors?.length) return;
          const errors = result.errors.map((error) => {
            if (isExpected(error)) return error;
            const cause = error.originalError ?? error;
            ctx.services.log(`[request ${ctx.requestId}] ${error.path?.join('.') ?? ''}: ${cause.stack ?? cause.message}`);
            return new GraphQLError(`Unexpected error (request id ${ctx.requestId})`, {
              ...(error.path ? { path: error.path } : {}),
              extensions: { code: 'INTERNAL', requestId: ctx.requestId },
            });
          });
          setResult({ ...result, errors });
        },
      };
    },
  };
}
