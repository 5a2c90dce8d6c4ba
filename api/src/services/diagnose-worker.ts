// Runs in a worker thread of DefinitionCheck's pool: the engine's compile of a large definition takes
// tens of milliseconds that the api's event loop must not spend (docs/decisions.md 22). Piscina calls it by name.
import type { Diagnostic } from '@funnel/schemas';
import { diagnose } from './diagnose';

/** What DefinitionCheck sends a worker; the reply is the definition's diagnostics. */
export function diagnoseInWorker(input: { definition: unknown; key?: string }): Diagnostic[] {
  return diagnose(input);
}
