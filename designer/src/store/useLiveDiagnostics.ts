import { useEffect } from 'react';
import { busyRetryAfter } from '../api/busy-retry-after';
import { validateWorkflow } from '../api/funnel-api';
import { untranslatedNames } from '../model/untranslated-names';
import { validateLocally } from '../model/validate-locally';
import { useWorkflowStore } from './useWorkflowStore';

/** How long editing must pause before the api is asked to check the definition. */
const VALIDATE_DEBOUNCE_MS = 250;

/**
 * Keeps the store's diagnostics in step with the definition: the engine's compile in the
 * browser at once, then the api's answer (the authority) once editing pauses; asked again after the wait the api
 * names when it answers BUSY. The designer's own warnings (names without a translation) go with either.
 * @example useLiveDiagnostics()
 */
export function useLiveDiagnostics(): void {
  const definition = useWorkflowStore((state) => state.definition);
  const setDiagnostics = useWorkflowStore((state) => state.setDiagnostics);
  useEffect(() => {
    if (!definition) return;
    const untranslated = untranslatedNames(definition);
    const local = [...validateLocally(definition), ...untranslated];
    setDiagnostics({ definition, diagnostics: local });
    let current = true;
    let timer: ReturnType<typeof setTimeout>;
    const ask = () =>
      validateWorkflow({ definition }).then(
        (diagnostics) => current && setDiagnostics({ definition, diagnostics: [...diagnostics, ...untranslated] }),
        (error: unknown) => {
          if (!current) return;
          // The tenant already checks as many definitions as it may: the browser's check stands meanwhile.
          const retryAfterMs = busyRetryAfter(error);
          if (retryAfterMs !== null) {
            timer = setTimeout(ask, retryAfterMs);
            return;
          }
          setDiagnostics({
            definition,
            diagnostics: [
              ...local,
              { severity: 'warning', code: 'api.unreachable', pointer: '', message: error instanceof Error ? error.message : String(error) },
            ],
          });
        },
      );
    timer = setTimeout(ask, VALIDATE_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [definition, setDiagnostics]);
}
