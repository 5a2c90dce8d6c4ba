import { useCallback, useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { fetchWorkflow, type WorkflowDetail } from '../api/funnel-api';
import { useApiQuery } from '../api/useApiQuery';
import { definitionToFlow } from '../model/definition-to-flow';
import { layoutStages } from '../model/layout-stages';
import { useLiveDiagnostics } from '../store/useLiveDiagnostics';
import { focusStage } from '../store/useRevealStage';
import { useSimulationStore } from '../store/useSimulationStore';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { DiagnosticsList } from './DiagnosticsList';
import { EditorToolbar } from './EditorToolbar';
import { ErrorMessage } from './ErrorMessage';
import { FlowCanvas } from './FlowCanvas';
import { Palette } from './Palette';
import { ShortcutsDialog } from './ShortcutsDialog';
import { SidePanel } from './SidePanel';

export type Props = { workflowKey: string };

/** A workflow's editor: toolbar, palette, canvas, side panel and diagnostics. */
export function EditorPage({ workflowKey }: Props) {
  const { t, i18n } = useTranslation();
  const workflow = useApiQuery(() => fetchWorkflow({ key: workflowKey }), [workflowKey]);
  const load = useWorkflowStore((state) => state.load);
  const loaded = useWorkflowStore((state) => state.source?.workflowKey === workflowKey && state.definition !== null);
  const [loadError, setLoadError] = useState<unknown>(null);

  const open = useCallback(
    async (detail: WorkflowDetail) => {
      const latest = detail.versions.at(-1);
      const definition = detail.draft ?? latest?.definition;
      if (!definition) throw new Error(t('editor.empty'));
      const source = { workflowKey, version: detail.draft ? null : (latest?.version ?? null) };
      useWorkflowStore.getState().setLocale(i18n.language);
      // A definition without positions is laid out, and drawn with ELK's routes; a saved layout is routed locally.
      if (definitionToFlow(definition).needsLayout) load({ ...(await layoutStages({ definition, locale: i18n.language })), source });
      else load({ definition, source });
    },
    [load, t, i18n, workflowKey],
  );

  useEffect(() => {
    if (workflow.status === 'done' && !loaded) open(workflow.data).catch(setLoadError);
  }, [workflow, loaded, open]);
  useEffect(() => () => useSimulationStore.getState().stop(), []);

  if (workflow.status === 'error') return <ErrorMessage error={workflow.error} />;
  if (loadError) return <ErrorMessage error={loadError} />;
  if (workflow.status === 'loading' || !loaded) return <p className="loading">{t('app.loading')}</p>;
  return (
    <ReactFlowProvider>
      <EditorLayout workflow={workflow.data} reload={workflow.reload} />
    </ReactFlowProvider>
  );
}

function EditorLayout({ workflow, reload }: { workflow: WorkflowDetail; reload: () => void }) {
  const [showShortcuts, setShowShortcuts] = useState(false);
  useLiveDiagnostics();
  const openShortcuts = useCallback(() => setShowShortcuts(true), []);
  useEditorShortcuts(openShortcuts);
  return (
    <main className="editor" data-testid="editor">
      <EditorToolbar workflow={workflow} reload={reload} onShortcuts={openShortcuts} />
      <div className="editor-body">
        <div className="canvas-column">
          <Palette />
          <FlowCanvas />
          <DiagnosticsList />
        </div>
        <SidePanel workflow={workflow} />
      </div>
      {showShortcuts ? <ShortcutsDialog onClose={() => setShowShortcuts(false)} /> : null}
    </main>
  );
}

/** Undo, redo, copy and paste from the keyboard, and `?` for the list of shortcuts, except while typing in a form field. */
function useEditorShortcuts(onHelp: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && target.closest('input, textarea, select, [contenteditable="true"]') !== null) return;
      if (event.key === '?' && !(event.ctrlKey || event.metaKey || event.altKey)) {
        event.preventDefault();
        onHelp();
        return;
      }
      if (!(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      const store = useWorkflowStore;
      if (key === 'z' && !event.shiftKey) store.temporal.getState().undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') store.temporal.getState().redo();
      else if (key === 'c') store.getState().copySelection();
      else if (key === 'v') {
        store.getState().paste();
        // The pasted stage is selected; it takes the focus too, so Delete (which acts on the focused stage) removes it.
        const pasted = store.getState().selection;
        if (pasted?.kind === 'stage') focusStage(pasted.key);
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onHelp]);
}
