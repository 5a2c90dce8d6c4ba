import type { FunnelRecord } from '@funnel/engine';
import type { WorkflowDefinition } from '@funnel/schemas';
import type { ContactKeys } from '../models/record';

const COMPANY_FIELDS = ['companyName', 'company'];

/**
 * Normalized email, phone and company of a record's fields, for duplicate detection: email lower-cased,
 * phone reduced to its digits, company lower-cased with spaces collapsed. Fields are found by format
 * (`email`, `phone`) or by name (`companyName`, `company`).
 * @example contactKeys(def, { email: ' Ann@X.com ', phone: '+1 (555) 010-2000' }) // → { email: 'ann@x.com', phone: '15550102000' }
 */
export function contactKeys(definition: WorkflowDefinition, fields: Record<string, unknown>): ContactKeys {
  const keys: ContactKeys = {};
  for (const [name, spec] of Object.entries(definition.fields.properties)) {
    const value = fields[name];
    if (typeof value !== 'string' || value.trim() === '') continue;
    if (spec.format === 'email' && !keys.email) keys.email = value.trim().toLowerCase();
    else if (spec.format === 'phone' && !keys.phone) {
      const digits = value.replace(/\D/g, '');
      if (digits) keys.phone = digits;
    } else if (COMPANY_FIELDS.includes(name) && !keys.company) keys.company = value.trim().toLowerCase().replace(/\s+/g, ' ');
  }
  return keys;
}

/**
 * The contact keys a change leaves its record with, when they differ from the ones it had (else
 * undefined): written with the change itself, so the import finds a record by what it has now. The
 * engine copies only what it changes, so an untouched `fields` costs one reference check.
 * @example changedContactKeys(def, record, { ...record, fields: { ...record.fields, email: 'new@x.com' } }) // → { email: 'new@x.com', … }
 */
export function changedContactKeys(definition: WorkflowDefinition, before: FunnelRecord, after: FunnelRecord): ContactKeys | undefined {
  if (before.fields === after.fields) return undefined;
  const keys = contactKeys(definition, after.fields);
  const old = contactKeys(definition, before.fields);
  return keys.email === old.email && keys.phone === old.phone && keys.company === old.company ? undefined : keys;
}
