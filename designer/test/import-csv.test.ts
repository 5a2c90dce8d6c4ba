import type { FieldSpec } from '@funnel/schemas';
import { describe, expect, it } from 'vitest';
import { failedRows, failedRowsCsv, mappedCsv, proposedField, readCsv } from '../src/work/imports/import-csv';

const properties: Record<string, FieldSpec> = {
  name: { type: 'string', title: { en: 'Contact name', 'zh-Hans': '联系人', 'zh-Hant': '聯絡人' } },
  email: { type: 'string', title: { en: 'Email', 'zh-Hans': '邮箱', 'zh-Hant': '電子郵件' } },
  companyName: { type: 'string', title: { en: 'Company name' } },
};

describe('the Imports screen’s reading of a CSV file', () => {
  it('proposes a column’s field by key, or by title in any language and case, as the api reads headers', () => {
    expect(proposedField('email', properties)).toBe('email');
    expect(proposedField('  CONTACT NAME ', properties)).toBe('name');
    expect(proposedField('聯絡人', properties)).toBe('name');
    expect(proposedField('电子邮件', properties)).toBeNull();
    expect(proposedField('Notes', properties)).toBeNull();
  });

  it('rewrites the header to the mapped keys, leaves skipped columns out and keeps empty lines, so rows keep their numbers', () => {
    const csv = readCsv('\uFEFF联系人,Notes,邮箱\r\n"Lee, Ann",x,ann@x.com\n\nBo,y,bo@x.com,extra\n');
    expect(csv).toEqual({ header: ['联系人', 'Notes', '邮箱'], records: [['Lee, Ann', 'x', 'ann@x.com'], [''], ['Bo', 'y', 'bo@x.com', 'extra']] });
    expect(mappedCsv(csv, ['name', null, 'email'])).toBe('name,email\r\n"Lee, Ann",ann@x.com\r\n\r\nBo,bo@x.com,extra');
  });

  it('writes the failed rows as the file had them, with their errors in a last column', () => {
    const csv = readCsv('name,email\nAnn,ann@x.com\nBo,not-an-email\nCy,also bad');
    const failed = failedRows(
      [
        { row: 4, message: 'bad email' },
        { row: 3, message: 'bad email' },
        { row: 4, message: 'too long' },
      ],
      (error) => error.message,
    );
    expect(failed).toEqual([
      { row: 3, messages: ['bad email'] },
      { row: 4, messages: ['bad email', 'too long'] },
    ]);
    expect(failedRowsCsv(csv, failed, 'Errors')).toBe('name,email,Errors\r\nBo,not-an-email,bad email\r\nCy,also bad,bad email; too long');
  });
});
