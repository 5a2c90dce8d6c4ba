import { GraphqlRequestError } from './graphql-request';

/**
 * The shortest password the api takes (api/src/accounts/account-rules.ts). The api checks it; the forms say it in their
 * hint and in the words of its refusal.
 */
export const MIN_PASSWORD_LENGTH = 10;

/** The input of an account form a problem is shown next to; `form` for one that concerns no single field. */
export type AccountField = 'workspace' | 'email' | 'password' | 'repeat' | 'name' | 'apiKey' | 'form';

/** What went wrong, as a message key under `problem.` (the form says it in the user's language) and where. */
export interface AccountProblem {
  field: AccountField;
  key:
    | 'signInFailed'
    | 'throttled'
    | 'linkInvalid'
    | 'required'
    | 'passwordTooShort'
    | 'tooLong'
    | 'invalidText'
    | 'emailFormat'
    | 'workspaceFormat'
    | 'mismatch'
    | 'apiKeyRefused'
    | 'unreachable'
    | 'unexpected'
    | 'invalid';
  /** For `throttled`: how long the api said to wait. */
  retryAfterMs?: number;
}

/** An account operation's typed answer that is not its success: the api's refusal union members. */
export interface AccountAnswer {
  __typename: string;
  retryAfterMs?: number;
  diagnostics?: { code: string; pointer: string }[];
}

/** The api's refusal of an account operation (sign-in, a link's password, a reset request), as the problems a form shows. */
export class AccountRefusal extends Error {
  override readonly name = 'AccountRefusal';
  constructor(readonly problems: readonly AccountProblem[]) {
    super(problems.map((problem) => `${problem.field}: ${problem.key}`).join('; '));
  }
}

/** Which input a diagnostic's pointer names (the api's input fields: slug, email, password, name). */
const FIELD_BY_POINTER: Readonly<Record<string, AccountField>> = { '/slug': 'workspace', '/email': 'email', '/password': 'password', '/name': 'name' };

/** What a diagnostic's code means for a person, by the code the api gives (docs/api.md, "Limits"; account rules). */
function diagnosticKey(diagnostic: { code: string; pointer: string }): AccountProblem['key'] {
  switch (diagnostic.code) {
    case 'too_short':
      return 'passwordTooShort';
    case 'too_long':
      return 'tooLong';
    case 'invalid_unicode':
      return 'invalidText';
    case 'required':
      return 'required';
    case 'format':
      return diagnostic.pointer === '/email' ? 'emailFormat' : 'invalid';
    case 'pattern':
      return diagnostic.pointer === '/slug' ? 'workspaceFormat' : 'invalid';
    default:
      return 'invalid';
  }
}

function diagnosticProblems(diagnostics: readonly { code: string; pointer: string }[]): AccountProblem[] {
  return diagnostics.map((diagnostic) => ({ field: FIELD_BY_POINTER[diagnostic.pointer] ?? 'form', key: diagnosticKey(diagnostic) }));
}

/**
 * The problems an account operation's refusal means, from its typed answer: a failed sign-in (the same for a wrong
 * workspace, email or password, so it belongs to the form), a throttle with its wait, a link that does not work, or
 * the input diagnostics, each at its field.
 * @example answerProblems({ __typename: 'SignInThrottled', retryAfterMs: 60_000 }) // → [{ field: 'form', key: 'throttled', retryAfterMs: 60000 }]
 */
export function answerProblems(answer: AccountAnswer): AccountProblem[] {
  switch (answer.__typename) {
    case 'SignInFailed':
      return [{ field: 'form', key: 'signInFailed' }];
    case 'SignInThrottled':
      return [{ field: 'form', key: 'throttled', ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}) }];
    case 'TokenInvalid':
      return [{ field: 'form', key: 'linkInvalid' }];
    case 'ValidationFailed':
      return diagnosticProblems(answer.diagnostics ?? []);
    default:
      return [{ field: 'form', key: 'unexpected' }];
  }
}

/**
 * The problems any failure of an account form means: the api's typed refusal, a request the api refused as a whole
 * (input lengths and text are checked before a resolver runs: their diagnostics), no api at all, or anything else.
 * @example accountProblems(new GraphqlRequestError('…', null)) // → [{ field: 'form', key: 'unreachable' }]
 */
export function accountProblems(error: unknown): readonly AccountProblem[] {
  if (error instanceof AccountRefusal) return error.problems;
  if (!(error instanceof GraphqlRequestError)) return [{ field: 'form', key: 'unexpected' }];
  if (error.status === null) return [{ field: 'form', key: 'unreachable' }];
  const diagnostics = error.errors.flatMap((e) =>
    Array.isArray(e.extensions?.diagnostics) ? (e.extensions.diagnostics as { code: string; pointer: string }[]) : [],
  );
  return diagnostics.length > 0 ? diagnosticProblems(diagnostics) : [{ field: 'form', key: 'unexpected' }];
}
