import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/**
 * The commit unit: the only code that writes records and their events (the record store commits decisions
 * with their events in the record's outbox; the drainer copies outboxes into the log and pulls them off), and
 * the only code that uses the bulk writer: besides those two and the turn's one command they share
 * (services/turn-writes.ts), the drainer's fan-out (the notifications and webhook deliveries logged events owe), the
 * webhook sender's claims, parkings and outcomes (services/webhook-lanes.ts), routing's capacity takes of a turn
 * (services/owner-capacity.ts) and the drain's metric-day marks (metrics/metric-days.ts), which write neither records
 * nor events.
 */
const COMMIT_UNIT = new Set([
  'services/record-store.ts',
  'services/outbox-drainer.ts',
  'services/turn-writes.ts',
  'services/delivery-fan-out.ts',
  'services/webhook-lanes.ts',
  'services/owner-capacity.ts',
  'metrics/metric-days.ts',
]);
/** The stored models of records and of the event log. */
const RECORD_MODELS = new Set(['Record', 'Event']);
/** Model and driver methods that write. */
const WRITES = new Set([
  'insertOne',
  'insertMany',
  'updateOne',
  'updateMany',
  'replaceOne',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'deleteOne',
  'deleteMany',
  'bulkWrite',
  'create',
  'save',
]);
/** What only a service may call: a lease, and the drainer. */
const SERVICE_ONLY = new Set(['withOwnerLease', 'drainer']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Whether an import brings in values (not only types). */
function importsValues(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause || clause.isTypeOnly) return !clause;
  if (clause.name) return true;
  const bindings = clause.namedBindings;
  if (!bindings) return false;
  if (ts.isNamespaceImport(bindings)) return true;
  return bindings.elements.some((element) => !element.isTypeOnly);
}

/** `models.X` or `….models.X`: the X of the models. */
function modelName(node: ts.PropertyAccessExpression): string | null {
  const holder = node.expression;
  const isModels = (ts.isIdentifier(holder) && holder.text === 'models') || (ts.isPropertyAccessExpression(holder) && holder.name.text === 'models');
  return isModels ? node.name.text : null;
}

/**
 * The layering rules of docs/architecture.md, as violations (`file:line: what`), for the api's sources under `root`:
 * - a file under schema/ imports a model or the engine (type imports are fine), uses a model, takes a lease or
 *   touches the drainer: a resolver parses, calls one service and maps the result;
 * - anything but the commit unit writes records or events, through a model, its collection or the bulk writer.
 */
export function layeringViolations(root: string): string[] {
  const violations: string[] = [];
  for (const path of sourceFiles(root)) {
    const file = relative(root, path);
    const inSchema = file.startsWith('schema/');
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const report = (node: ts.Node, what: string) => violations.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`);
    const visit = (node: ts.Node): void => {
      if (inSchema && ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        const from = node.moduleSpecifier.text;
        if ((from === '@funnel/engine' || from.startsWith('../models/')) && importsValues(node)) report(node, `imports values from ${from}`);
      }
      if (ts.isPropertyAccessExpression(node)) {
        const model = modelName(node);
        if (inSchema && model) report(node, `uses the model ${model}`);
        if (model && RECORD_MODELS.has(model) && !COMMIT_UNIT.has(file)) {
          // models.Record.updateOne(…) or models.Record.collection.bulkWrite(…)
          let call: ts.Node = node.parent;
          if (ts.isPropertyAccessExpression(call) && call.name.text === 'collection') call = call.parent;
          if (ts.isPropertyAccessExpression(call) && WRITES.has(call.name.text)) report(call, `writes ${model} outside the commit unit (${call.name.text})`);
        }
        if (node.name.text === 'write' && /writer$/i.test(node.expression.getText(source)) && !COMMIT_UNIT.has(file))
          report(node, 'writes through the bulk writer outside the commit unit');
      }
      if (inSchema && ts.isIdentifier(node) && SERVICE_ONLY.has(node.text)) report(node, `uses ${node.text} in a resolver`);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return violations;
}

describe('the layering (docs/architecture.md)', () => {
  it('has resolvers that only call services, and one commit unit that writes records and events', () => {
    expect(layeringViolations(SRC)).toEqual([]);
  });
});
