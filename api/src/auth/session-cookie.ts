/** The cookie that holds a browser's session token (an opaque `fs_…` token; the store keeps only its hash). */
const SESSION_COOKIE = 'funnel_session';

/**
 * The session token a Cookie header carries, or null.
 * @example sessionTokenOf('theme=dark; funnel_session=fs_…') // → 'fs_…'
 */
export function sessionTokenOf(cookieHeader: string | null): string | null {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === SESSION_COOKIE) return pair.slice(at + 1).trim() || null;
  }
  return null;
}

/**
 * The Set-Cookie value that stores a session token (`token` with its lifetime) or clears it (`token: null`):
 * HttpOnly (no script reads it), SameSite=Lax (not sent with another site's requests but top-level links), Secure
 * over TLS, for the whole site.
 * @example sessionCookie({ token, maxAgeMs: 86_400_000, secure: true }) // → 'funnel_session=fs_…; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400; Secure'
 */
export function sessionCookie(input: { token: string | null; maxAgeMs?: number; secure: boolean }): string {
  const maxAge = input.token ? Math.floor((input.maxAgeMs ?? 0) / 1000) : 0;
  return `${SESSION_COOKIE}=${input.token ?? ''}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${input.secure ? '; Secure' : ''}`;
}

/**
 * The Set-Cookie headers a request's resolvers asked for (sign-in sets the session, sign-out clears it); the yoga
 * plugin `useSessionCookies` adds them to the response.
 */
export class ResponseCookies {
  readonly values: string[] = [];

  constructor(private readonly secure: boolean) {}

  /** Stores the session token in the browser for `maxAgeMs`. */
  setSession(token: string, maxAgeMs: number): void {
    this.values.push(sessionCookie({ token, maxAgeMs, secure: this.secure }));
  }

  /** Removes the session token from the browser. */
  clearSession(): void {
    this.values.push(sessionCookie({ token: null, secure: this.secure }));
  }
}
