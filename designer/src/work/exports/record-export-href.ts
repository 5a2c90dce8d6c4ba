/** Where the api streams a workflow's records as CSV (api/src/export/record-export.ts, docs/api.md "Exports"). */
const RECORD_EXPORT_PATH = '/export/records.csv';

/** The filters an export takes: the records list's and the board's, each left out when unset. */
export type ExportFilter = Partial<
  Record<'stage' | 'phase' | 'owner' | 'search' | 'source' | 'pipeline' | 'scope' | 'dueBefore' | 'inPool' | 'minScore' | 'followUpOverdue', string | null>
>;

/**
 * The link that downloads a workflow's records as CSV with these filters, titled in `locale`: the session cookie
 * signs it in, so a plain link does.
 * @example recordExportHref({ workflowKey: 'trunk', locale: 'zh-Hans', filter: { owner: 'u1', search: null } }) // → '/export/records.csv?workflowKey=trunk&owner=u1&locale=zh-Hans'
 */
export function recordExportHref({ workflowKey, locale, filter }: { workflowKey: string; locale: string; filter: ExportFilter }): string {
  const params = new URLSearchParams({ workflowKey });
  for (const [name, value] of Object.entries(filter)) if (value !== null && value !== undefined && value !== '') params.set(name, value);
  params.set('locale', locale);
  return `${RECORD_EXPORT_PATH}?${params}`;
}
