import { GraphqlRequestError } from '../../api/graphql-request';

/** One thing the api refused, at the input it names: `field` is the pointer's first segment (`email`, `scope`), `form` for none. */
export interface FieldProblem {
  field: string;
  /** The diagnostic's code (`required`, `exists`, `cycle`…), or `notFound` / `forbidden` / `failed` for the other refusals. */
  code: string;
  /** The api's own words, for `failed` only: what no code names. */
  reason?: string;
}

/** An admin operation's typed answer: the success type, or a refusal of the union (ValidationFailed, NotFound, Forbidden). */
export interface AdminAnswer {
  __typename: string;
  diagnostics?: readonly { code: string; pointer: string }[];
  pointer?: string | null;
}

/**
 * The first segment of a JSON pointer, the input a problem belongs to.
 * @example pointerField('/scope/operations/1') // → 'scope'
 */
function pointerField(pointer: string | null | undefined): string {
  return pointer?.split('/')[1] || 'form';
}

/**
 * The problems a refusal means, each at its input; none for an answer that is no refusal.
 * @example answerProblems({ __typename: 'ValidationFailed', diagnostics: [{ code: 'exists', pointer: '/email' }] }) // → [{ field: 'email', code: 'exists' }]
 */
export function answerProblems(answer: AdminAnswer): FieldProblem[] {
  switch (answer.__typename) {
    case 'ValidationFailed':
      return (answer.diagnostics ?? []).map((diagnostic) => ({ field: pointerField(diagnostic.pointer), code: diagnostic.code }));
    case 'NotFound':
      return [{ field: pointerField(answer.pointer), code: 'notFound' }];
    case 'Forbidden':
      return [{ field: 'form', code: 'forbidden' }];
    default:
      return [];
  }
}

/**
 * The problems of a request that failed as a whole: input the api refused before any resolver ran (its diagnostics,
 * at their inputs), or anything else, for the form.
 * @example requestProblems(new Error('offline')) // → [{ field: 'form', code: 'failed', reason: 'offline' }]
 */
export function requestProblems(error: unknown): FieldProblem[] {
  if (error instanceof GraphqlRequestError) {
    const diagnostics = error.errors.flatMap((e) =>
      Array.isArray(e.extensions?.diagnostics) ? (e.extensions.diagnostics as { code: string; pointer: string }[]) : [],
    );
    if (diagnostics.length > 0)
      return diagnostics.map((diagnostic) => ({ field: pointerField(diagnostic.pointer.replace(/^\/input/, '')), code: diagnostic.code }));
  }
  return [{ field: 'form', code: 'failed', reason: error instanceof Error ? error.message : String(error) }];
}
