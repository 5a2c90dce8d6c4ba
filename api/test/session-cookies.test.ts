import { describe, expect, it } from 'vitest';
import { sessionCookie, sessionTokenOf } from '../src/auth/session-cookie';
import { crossSiteProblem } from '../src/auth/session-cookies';

const ORIGIN = 'https://crm.example';
const problem = (headers: Record<string, string>, allowedOrigins: string[] = []) =>
  crossSiteProblem({ request: new Request(`${ORIGIN}/graphql`, { headers }), origin: ORIGIN, allowedOrigins });

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, for the whole site, Secure over TLS, and cleared with Max-Age=0', () => {
    expect(sessionCookie({ token: 'fs_x', maxAgeMs: 86_400_000, secure: true })).toBe(
      'funnel_session=fs_x; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400; Secure',
    );
    expect(sessionCookie({ token: 'fs_x', maxAgeMs: 1000, secure: false })).toBe('funnel_session=fs_x; Path=/; HttpOnly; SameSite=Lax; Max-Age=1');
    expect(sessionCookie({ token: null, secure: false })).toBe('funnel_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
  });

  it('is read from a Cookie header among others', () => {
    expect(sessionTokenOf('a=1; funnel_session=fs_abc; b=2')).toBe('fs_abc');
    expect(sessionTokenOf('xfunnel_session=fs_abc')).toBeNull();
    expect(sessionTokenOf('funnel_session=')).toBeNull();
    expect(sessionTokenOf(null)).toBeNull();
  });
});

describe('the cross-site check of cookie requests', () => {
  it('lets through JSON or the X-Funnel-CSRF header from the own origin (or a same-origin fetch without Origin)', () => {
    expect(problem({ origin: ORIGIN, 'content-type': 'application/json; charset=utf-8' })).toBeNull();
    expect(problem({ origin: ORIGIN, 'x-funnel-csrf': '1' })).toBeNull();
    expect(problem({ 'sec-fetch-site': 'same-origin', 'x-funnel-csrf': '1' })).toBeNull();
    expect(problem({ origin: 'https://app.example', 'x-funnel-csrf': '1' }, ['https://app.example'])).toBeNull();
  });

  it('refuses another origin, no origin at all, and a request a form or a link could send', () => {
    expect(problem({ origin: 'https://evil.example', 'content-type': 'application/json' })).toMatch(/Origin https:\/\/evil.example/);
    expect(problem({ origin: 'https://crm.example.evil.example', 'content-type': 'application/json' })).toMatch(/Origin/);
    expect(problem({ 'content-type': 'application/json' })).toMatch(/no Origin/);
    expect(problem({ 'sec-fetch-site': 'same-site', 'x-funnel-csrf': '1' })).toMatch(/no Origin/);
    expect(problem({ origin: ORIGIN, 'content-type': 'text/plain' })).toMatch(/neither JSON/);
    expect(problem({ origin: ORIGIN })).toMatch(/neither JSON/);
  });
});
