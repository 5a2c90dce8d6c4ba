/** What a link lets its holder do, by the web app's page (a hash route, designer/src/session/useRoute.ts) that does it. */
const LINK_PAGES = { invitation: 'accept-invitation', password_reset: 'reset-password' } as const;

/**
 * The web app's link for an invitation or a reset. The app is served at `/` and routes by the URL's fragment, so the
 * page, the tenant's slug (the sign-in form is filled with it) and the token all go after `#`, which browsers never
 * send to a server or put in a Referer.
 * @example accountLink({ base: 'https://crm.example', purpose: 'invitation', slug: 'acme', token }) // → 'https://crm.example/#/accept-invitation?workspace=acme&token=fl_…'
 */
export function accountLink(input: { base: string; purpose: keyof typeof LINK_PAGES; slug: string; token: string }): string {
  const query = new URLSearchParams({ workspace: input.slug, token: input.token }).toString().replaceAll('+', '%20');
  return `${input.base}/#/${LINK_PAGES[input.purpose]}?${query}`;
}
