import { describe, expect, it } from 'vitest';
import { accountProblems, AccountRefusal, answerProblems } from '../src/api/account-problems';
import { GraphqlRequestError } from '../src/api/graphql-request';
import { parseRoute } from '../src/session/useRoute';

describe('the pages the api’s mailed links open', () => {
  it('routes an invitation link and a reset link, as the api builds them, to their pages with the workspace and token', () => {
    // api/src/mail/account-link.ts: `${base}/#/accept-invitation?workspace=<slug>&token=<token>`.
    expect(parseRoute('#/accept-invitation?workspace=acme-sales&token=fl_6650a1b2c3d4e5f6a7b8c9d0_Ab-_9')).toEqual({
      page: 'acceptInvitation',
      workspace: 'acme-sales',
      token: 'fl_6650a1b2c3d4e5f6a7b8c9d0_Ab-_9',
    });
    expect(parseRoute('#/reset-password?workspace=a%26b%20c&token=fl_x')).toEqual({ page: 'resetPassword', workspace: 'a&b c', token: 'fl_x' });
    expect(parseRoute('#/forgot-password')).toEqual({ page: 'forgotPassword' });
  });

  it('opens a link cut short on its page, with what is missing empty (the page says the link does not work)', () => {
    expect(parseRoute('#/accept-invitation?workspace=acme')).toEqual({ page: 'acceptInvitation', workspace: 'acme', token: '' });
    expect(parseRoute('#/reset-password')).toEqual({ page: 'resetPassword', workspace: '', token: '' });
  });

  it('still routes the designer’s own pages', () => {
    expect(parseRoute('#/workflows/trunk/dashboard')).toEqual({ page: 'dashboard', workflowKey: 'trunk' });
    expect(parseRoute('')).toEqual({ page: 'home' });
  });
});

describe('what an account refusal means for its form', () => {
  it('puts a failed sign-in, a throttle and a dead link on the form, and each diagnostic at its field', () => {
    expect(answerProblems({ __typename: 'SignInFailed' })).toEqual([{ field: 'form', key: 'signInFailed' }]);
    expect(answerProblems({ __typename: 'SignInThrottled', retryAfterMs: 900_000 })).toEqual([{ field: 'form', key: 'throttled', retryAfterMs: 900_000 }]);
    expect(answerProblems({ __typename: 'TokenInvalid' })).toEqual([{ field: 'form', key: 'linkInvalid' }]);
    expect(
      answerProblems({
        __typename: 'ValidationFailed',
        diagnostics: [
          { code: 'too_short', pointer: '/password' },
          { code: 'required', pointer: '/name' },
          { code: 'too_long', pointer: '/slug' },
          { code: 'invalid_unicode', pointer: '/email' },
        ],
      }),
    ).toEqual([
      { field: 'password', key: 'passwordTooShort' },
      { field: 'name', key: 'required' },
      { field: 'workspace', key: 'tooLong' },
      { field: 'email', key: 'invalidText' },
    ]);
  });

  it('reads the diagnostics of a request refused before its resolver, a lost connection, and anything else', () => {
    const tooLong = new GraphqlRequestError('too long', 200, [
      { message: 'Input is invalid', extensions: { code: 'VALIDATION_FAILED', diagnostics: [{ code: 'too_long', pointer: '/password' }] } },
    ]);
    expect(accountProblems(tooLong)).toEqual([{ field: 'password', key: 'tooLong' }]);
    expect(accountProblems(new GraphqlRequestError('The api cannot be reached', null))).toEqual([{ field: 'form', key: 'unreachable' }]);
    expect(accountProblems(new GraphqlRequestError('Unexpected error (request id 1)', 200, [{ message: 'x', extensions: { code: 'INTERNAL' } }]))).toEqual([
      { field: 'form', key: 'unexpected' },
    ]);
    expect(accountProblems(new AccountRefusal([{ field: 'apiKey', key: 'apiKeyRefused' }]))).toEqual([{ field: 'apiKey', key: 'apiKeyRefused' }]);
  });
});
