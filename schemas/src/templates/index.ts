import type { LocalizedText, WorkflowDefinition } from '../definition-schema';
import { SchemaError } from '../errors';
import { deepFreeze } from './deep-freeze';
import { customerLifecycle } from './customer-lifecycle';
import { minimalTrunk } from './minimal-trunk';
import { mqlSrlSql } from './mql-srl-sql';
import { sixStage } from './six-stage';
import { standardTrunk } from './standard-trunk';

/** A shipped workflow a firm can start from; its key is the definition's key. */
export interface Template {
  key: string;
  name: LocalizedText;
  description: LocalizedText;
  definition: WorkflowDefinition;
}

function template(definition: WorkflowDefinition): Template {
  const { key, name, description = name } = definition;
  return deepFreeze({ key, name, description, definition });
}

/**
 * The templates Funnel ships, simplest first; frozen (`getTemplate` gives a copy to edit).
 * @example templates.map((t) => t.key) // → ['minimal_trunk', 'standard_trunk', 'mql_srl_sql', 'six_stage', 'customer_lifecycle']
 */
export const templates: readonly Template[] = [minimalTrunk, standardTrunk, mqlSrlSql, sixStage, customerLifecycle].map(template);

/**
 * A fresh copy of the shipped template with this key, free to edit; throws a `SchemaError` with code
 * `TEMPLATE_NOT_FOUND` naming the known keys otherwise.
 * @example getTemplate('standard_trunk').definition.initialStage // → 'lead'
 */
export function getTemplate(key: string): Template {
  const found = templates.find((t) => t.key === key);
  if (found) return structuredClone(found);
  const known = templates.map((t) => `"${t.key}"`).join(', ');
  throw new SchemaError('TEMPLATE_NOT_FOUND', `no template "${key}"; the templates are ${known}`);
}
