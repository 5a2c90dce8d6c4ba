import type { CompiledWorkflow, FunnelRecord } from '@funnel/engine';
import type { LocalizedText } from '@funnel/schemas';
import { DateTime } from 'luxon';
import type { Locale } from '../accounts/account-settings';

/** The columns every export starts with, titled in the reader's language. */
const FIXED_TITLES: Readonly<Record<Locale, Record<'id' | 'stage' | 'owner' | 'createdAt' | 'stageEnteredAt' | 'probability', string>>> = {
  en: { id: 'Record ID', stage: 'Stage', owner: 'Owner', createdAt: 'Created', stageEnteredAt: 'In stage since', probability: 'Probability (%)' },
  'zh-Hans': { id: '记录 ID', stage: '阶段', owner: '负责人', createdAt: '创建时间', stageEnteredAt: '进入阶段时间', probability: '赢单概率（%）' },
  'zh-Hant': { id: '記錄 ID', stage: '階段', owner: '負責人', createdAt: '建立時間', stageEnteredAt: '進入階段時間', probability: '贏單機率（%）' },
};

/** A text in the reader's language, else English, else the key it names. */
function say(text: LocalizedText | undefined, locale: Locale, fallback: string): string {
  return text?.[locale] ?? text?.en ?? fallback;
}

/** How an export writes one record: its header and, for a record and its owner's name, its cells. */
export interface ExportColumns {
  header: string[];
  row: (record: FunnelRecord, ownerName: string | null) => string[];
}

/** What a spreadsheet reads as the start of a formula (CSV injection: `=HYPERLINK(…)` in an imported company name). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text as a cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe, as OWASP's
 * CSV-injection advice says (numbers are written by `cell` and never pass here).
 * @example safeText('=1+1') // → "'=1+1"
 */
function safeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A field's value as a cell: lists joined by "; " (as imports read them), numbers and booleans as written, text made safe, no value empty. */
function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return safeText(value.map(cell).join('; '));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return safeText(JSON.stringify(value));
  return safeText(String(value));
}

/**
 * The columns of a records export in the reader's language and time zone: record id, stage (by its name), owner (by
 * name), when created and since when in its stage (the reader's date format, in their zone), probability, then each
 * field of the workflow by its title. Numbers stay as numbers are written (12500.5), so a spreadsheet or an import
 * reads them back in any language.
 * @example exportColumns({ workflow, locale: 'zh-Hans', timeZone: 'Asia/Shanghai' }).header // → ['记录 ID', '阶段', '负责人', …, '公司名称', …]
 */
export function exportColumns(input: { workflow: CompiledWorkflow; locale: Locale; timeZone: string }): ExportColumns {
  const { workflow, locale, timeZone } = input;
  const titles = FIXED_TITLES[locale];
  const fields = Object.entries(workflow.definition.fields.properties ?? {});
  const when = (at: number) => DateTime.fromMillis(at).setZone(timeZone).setLocale(locale).toLocaleString(DateTime.DATETIME_SHORT);
  const stageName = (key: string) => say(workflow.stage(key)?.definition.name, locale, key);
  return {
    header: [
      titles.id,
      titles.stage,
      titles.owner,
      titles.createdAt,
      titles.stageEnteredAt,
      titles.probability,
      ...fields.map(([key, spec]) => say(spec.title, locale, key)),
    ],
    row: (record, ownerName) => [
      record.id,
      safeText(stageName(record.stage)),
      safeText(ownerName ?? ''),
      when(record.createdAt),
      when(record.stageEnteredAt),
      String(record.probability),
      ...fields.map(([key]) => cell(record.fields[key])),
    ],
  };
}
