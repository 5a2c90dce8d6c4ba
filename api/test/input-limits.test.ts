import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql/index.js';
import { ACCOUNT_TEXT_ENV, accountsFromEnv, apiConfig, DEFAULT_MAX_LENGTHS, LIMIT_ENV, limitsFromEnv, OFF_AT_ZERO_ENV, SETTING_ENV } from '../src/config';
import { parseWithinLimits } from '../src/document-limits';
import { API_ERROR_CODES } from '../src/errors';
import { jsonViolation, stringViolation } from '../src/input-limit-violations';
import { INPUT_LENGTH_KINDS } from '../src/schema/input-lengths';
import { buildSchema } from '../src/schema/schema';

const docs = (name: string) => readFileSync(fileURLToPath(new URL(`../../docs/${name}`, import.meta.url)), 'utf8');
const limits = { maxJsonDepth: 4, maxJsonNodes: 10, maxJsonStringLength: 5, maxJsonKeyLength: 3 };

describe('JSON input limits', () => {
  it('points at the first container nested past the depth limit, whatever the depth sent', () => {
    let value: unknown = 1;
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(jsonViolation({ value, pointer: '/d', what: 'd', limits })).toMatchObject({ code: 'too_deep', pointer: '/d/0/0/0/0' });
  });

  it('accepts a value exactly at each limit', () => {
    expect(jsonViolation({ value: { abc: { b: [['12345']] } }, pointer: '', what: 'v', limits })).toBeNull();
  });

  it('points at the value that crosses the size limit, counted in the order sent', () => {
    const value = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    expect(jsonViolation({ value, pointer: '/f', what: 'f', limits })).toMatchObject({ code: 'too_large', pointer: '/f/k9' });
  });

  it('refuses long strings and keys, lone surrogates and __proto__ keys with their pointers (escaped as RFC 6901 says)', () => {
    expect(jsonViolation({ value: { a: '123456' }, pointer: '', what: 'v', limits })).toMatchObject({ code: 'too_long', pointer: '/a' });
    expect(jsonViolation({ value: { 'a/b~': 1 }, pointer: '', what: 'v', limits })).toMatchObject({ code: 'too_long', pointer: '/a~1b~0' });
    expect(jsonViolation({ value: { a: ['\udc00'] }, pointer: '', what: 'v', limits })).toMatchObject({ code: 'invalid_unicode', pointer: '/a/0' });
    expect(jsonViolation({ value: JSON.parse('{"x":{"__proto__":1}}'), pointer: '', what: 'v', limits })).toMatchObject({
      code: 'reserved_key',
      pointer: '/x/__proto__',
    });
  });

  it('takes a surrogate pair as the one character it is', () => {
    expect(stringViolation({ value: 'a😀b', pointer: '/n', max: 10, what: 'n' })).toBeNull();
    expect(stringViolation({ value: 'a\ud83d', pointer: '/n', max: 10, what: 'n' })).toMatchObject({ code: 'invalid_unicode', pointer: '/n' });
  });
});

describe('GraphQL document limits', () => {
  it('refuses a document nested 20,000 levels before parsing it, as a parse failure with HTTP 400', () => {
    const refusal = (() => {
      try {
        parseWithinLimits(`{ a(x: ${'['.repeat(20_000)}${']'.repeat(20_000)}) }`, { maxTokens: 100_000, maxNesting: 64 });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(GraphQLError);
    expect((refusal as GraphQLError).extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } });
  });

  it('parses a document of exactly the token limit and refuses one more', () => {
    expect(parseWithinLimits('{ a b c }', { maxTokens: 5, maxNesting: 1 }).definitions).toHaveLength(1);
    expect(() => parseWithinLimits('{ a b c d }', { maxTokens: 5, maxNesting: 1 })).toThrow(/more than 5 tokens/);
  });
});

describe('the limits are documented and configurable', () => {
  it('gives every String input of the schema a length kind (the schema would not build otherwise)', () => {
    expect(() => buildSchema({ testClock: true })).not.toThrow();
    expect(Object.keys(INPUT_LENGTH_KINDS).length).toBeGreaterThan(50);
  });

  it('lists every limit, its variable and every input of each length kind in docs/api.md', () => {
    const api = docs('api.md');
    for (const [field, variable] of Object.entries(LIMIT_ENV)) {
      expect(api, field).toContain(`\`${field}\``);
      expect(api, variable).toContain(`\`${variable}\``);
    }
    for (const kind of Object.keys(DEFAULT_MAX_LENGTHS)) expect(api, kind).toContain(`\`FUNNEL_MAX_LENGTH_${kind.toUpperCase()}\``);
    for (const coordinate of Object.keys(INPUT_LENGTH_KINDS)) expect(api, coordinate).toContain(`\`${coordinate}\``);
  });

  it('lists every other setting and its variable in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const variable of [...Object.values(OFF_AT_ZERO_ENV), ...Object.values(SETTING_ENV), ...Object.values(ACCOUNT_TEXT_ENV)]) {
      expect(readme, variable).toContain(`| \`${variable}\``);
    }
  });

  it('lists every error code in docs/error-codes.md', () => {
    const codes = docs('error-codes.md');
    for (const code of API_ERROR_CODES) expect(codes, code).toContain(`\`${code}\``);
  });

  it('reads the mail server, public address, allowed origins and proxy trust from the environment, refusing malformed ones', () => {
    const config = apiConfig(
      accountsFromEnv({
        SMTP_URL: 'smtp://mail.example:2525',
        FUNNEL_PUBLIC_URL: 'https://crm.example/',
        FUNNEL_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
        FUNNEL_TRUST_PROXY: '1',
      }),
    );
    expect(config).toMatchObject({
      smtpUrl: 'smtp://mail.example:2525',
      publicUrl: 'https://crm.example',
      allowedOrigins: ['https://a.example', 'https://b.example'],
      trustProxy: true,
    });
    expect(apiConfig(accountsFromEnv({})).smtpUrl).toBeUndefined();
    expect(() => accountsFromEnv({ SMTP_URL: 'mail.example' })).toThrow(/SMTP_URL/);
    expect(() => accountsFromEnv({ FUNNEL_PUBLIC_URL: 'https://crm.example/app' })).toThrow(/FUNNEL_PUBLIC_URL/);
    expect(() => accountsFromEnv({ FUNNEL_ALLOWED_ORIGINS: '*' })).toThrow(/FUNNEL_ALLOWED_ORIGINS/);
  });

  it('reads limits from the environment and refuses one that is not a positive integer', () => {
    const config = apiConfig(limitsFromEnv({ FUNNEL_MAX_QUERY_TOKENS: '50', FUNNEL_MAX_LENGTH_NAME: '20' }));
    expect(config.maxQueryTokens).toBe(50);
    expect(config.maxLengths).toEqual({ ...DEFAULT_MAX_LENGTHS, name: 20 });
    expect(() => limitsFromEnv({ FUNNEL_MAX_JSON_DEPTH: '-1' })).toThrow(/FUNNEL_MAX_JSON_DEPTH/);
  });

  it('sends 16 requests at once to an endpoint unless FUNNEL_WEBHOOK_CONCURRENCY says otherwise (docs/decisions.md 41)', () => {
    expect(apiConfig(limitsFromEnv({})).webhookConcurrency).toBe(16);
    expect(apiConfig(limitsFromEnv({ FUNNEL_WEBHOOK_CONCURRENCY: '4' })).webhookConcurrency).toBe(4);
    expect(() => limitsFromEnv({ FUNNEL_WEBHOOK_CONCURRENCY: '0' })).toThrow(/FUNNEL_WEBHOOK_CONCURRENCY/);
  });
});
