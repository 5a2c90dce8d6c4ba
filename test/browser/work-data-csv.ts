import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Download } from 'playwright-core';

/**
 * A downloaded CSV file read with papaparse (byte order mark dropped): its header and rows.
 * @example const { header, rows } = await downloadedCsv(download);
 */
export async function downloadedCsv(download: Download): Promise<{ header: string[]; rows: string[][] }> {
  const failure = await download.failure();
  if (failure !== null) throw new Error(`the download of ${download.url()} (${download.suggestedFilename()}) failed: ${failure}`);
  const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const { data } = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const [header = [], ...rows] = data;
  return { header, rows };
}

/** The ids of the standard trunk's records, read through the api's records list with a filter (every page). */
export async function recordIds(
  gql: <T>(query: string, variables: Record<string, unknown>) => Promise<T>,
  filter: Record<string, unknown>,
): Promise<{ id: string; fields: Record<string, unknown> }[]> {
  const found: { id: string; fields: Record<string, unknown> }[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { records: { edges: { node: { id: string; fields: Record<string, unknown> } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } =
      await gql(
        'query($f: RecordFilter, $after: String) { records(first: 100, after: $after, filter: $f) { edges { node { id fields } } pageInfo { hasNextPage endCursor } } }',
        { f: { workflowKey: 'standard_trunk', ...filter }, after },
      );
    found.push(...page.records.edges.map((edge) => edge.node));
    if (!page.records.pageInfo.hasNextPage) return found;
    after = page.records.pageInfo.endCursor;
  }
}
