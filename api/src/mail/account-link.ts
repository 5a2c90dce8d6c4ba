/** What a link lets its holder do, by the path of the web app's page that does it. */
const LINK_PATHS = { invitation: 'accept-invitation', password_reset: 'reset-password' } as const;

/**
 * The web app's link for an invitation or a reset: the tenant's slug in the query (the sign-in form is filled with
 * it), the token in the fragment, which browsers never send to a server or put in a Referer.
 * @example accountLink({ base: 'https://crm.example', purpose: 'invitation', slug: 'acme', token }) // → 'https://crm.example/accept-invitation?workspace=acme#token=fl_…'
 */
export function accountLink(input: { base: string; purpose: keyof typeof LINK_PATHS; slug: string; token: string }): string {
  return `${input.base}/${LINK_PATHS[input.purpose]}?workspace=${encodeURIComponent(input.slug)}#token=${input.token}`;
}
