import { useEffect } from 'react';
import { validateWorkflow } from '../api/funnel-api';
import { validateLocally } from '../model/validate-locally';
import { useWorkflowStore } from './useWorkflowStore';

/** How long editing must pause before the api is asked to check the definition. */
export const VALIDATE_DEBOUNCE_MS = 250;

/**
 * Keeps the store's diagnostics in step with the definition: the engine's compile in the
 * browser at once, then the api's answer (the authority) once editing pauses.
 * @example useLiveDiagnostics(apiKey)
 */
export function useLiveDiagnostics(apiKey: string): void {
  const definition = useWorkflowStore((state) => state.definition);
  const setDiagnostics = useWorkflowStore((state) => state.setDiagnostics);
  useEffect(() => {
    if (!definition) return;
    const local = validateLocally(definition);
    setDiagnostics({ definition, diagnostics: local });
    let current = true;
    const timer = setTimeout(() => {
      validateWorkflow({ apiKey, definition }).then(
        (diagnostics) => current && setDiagnostics({ definition, diagnostics }),
        (error: unknown) =>
          current &&
          setDiagnostics({
            definition,
            diagnostics: [...local, { severity: 'warning', code: 'api.unreachable', pointer: '', message: error instanceof Error ? error.message : String(error) }],
          }),
      );
    }, VALIDATE_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [apiKey, definition, setDiagnostics]);
}
