/** Where the browser keeps the workspace (tenant slug) a person last signed in to, to fill the sign-in form with. */
const WORKSPACE_STORAGE_KEY = 'funnel.workspace';

/** The workspace this browser last signed in to or opened a link of; '' when none. */
export function rememberedWorkspace(): string {
  return globalThis.localStorage?.getItem(WORKSPACE_STORAGE_KEY) ?? '';
}

/**
 * Remembers a workspace for the next sign-in (a slug is no secret: it is in every invitation link).
 * @example rememberWorkspace('acme')
 */
export function rememberWorkspace(slug: string): void {
  const tidy = slug.trim().toLowerCase();
  if (tidy) globalThis.localStorage?.setItem(WORKSPACE_STORAGE_KEY, tidy);
}
