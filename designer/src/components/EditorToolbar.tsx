import { useEffect, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { publishWorkflow, saveWorkflowDraft, type WorkflowDetail } from '../api/funnel-api';
import { readDefinitionFile, writeDefinitionFile } from '../model/definition-file';
import { definitionToFlow } from '../model/definition-to-flow';
import { layoutStages } from '../model/layout-stages';
import { diagnosticText } from '../model/diagnostic-text';
import { localizedText } from '../model/localized-text';
import { navigate } from '../session/useRoute';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { ErrorMessage } from './ErrorMessage';
import { MigrationWizard } from './MigrationWizard';
import { PublishDialog } from './PublishDialog';

export type Props = { workflow: WorkflowDetail; reload: () => void; onShortcuts: () => void };

type Status =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'saved' }
  | { kind: 'published'; version: number }
  | { kind: 'refused'; message: string }
  | { kind: 'error'; error: unknown };

/** Save, publish, undo and redo, layout, fit view, import and export, and the way to the dashboard. */
export function EditorToolbar({ workflow, reload, onShortcuts }: Props) {
  const { t, i18n } = useTranslation();
  const flow = useReactFlow();
  // The name as drawn now, in the user's language (the api's `name` is the English one).
  const name = useWorkflowStore((state) => localizedText(state.definition?.name, i18n.language)) || workflow.name;
  const dirty = useWorkflowStore((state) => state.dirty);
  const actions = useToolbarActions({ workflow, reload });
  const { status, migration } = actions;
  const [asking, setAsking] = useState(false);

  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      <h1 className="workflow-title">{name}</h1>
      <button type="button" onClick={() => void actions.saveDraft()} data-testid="save-draft">
        {t('toolbar.save')}
        {dirty ? ' •' : ''}
      </button>
      <button
        type="button"
        // A draft with errors is refused at once: asking for a note first would only delay saying so.
        onClick={() => (actions.errors > 0 ? void actions.publish('') : setAsking(true))}
        data-testid="publish"
        aria-describedby="publish-status"
      >
        {t('toolbar.publish')}
      </button>
      <HistoryButtons />
      <button type="button" onClick={() => void actions.autoLayout()} data-testid="auto-layout">
        {t('toolbar.layout')}
      </button>
      <button type="button" onClick={() => void flow.fitView()}>
        {t('toolbar.fitView')}
      </button>
      <ImportButton onFile={(file) => void actions.importFile(file)} />
      <button type="button" onClick={exportDefinition}>
        {t('toolbar.export')}
      </button>
      <button type="button" onClick={() => navigate({ page: 'dashboard', workflowKey: workflow.key })} data-testid="open-dashboard">
        {t('toolbar.dashboard')}
      </button>
      <button type="button" onClick={onShortcuts} data-testid="open-shortcuts" aria-keyshortcuts="?">
        {t('toolbar.shortcuts')}
      </button>
      <span id="publish-status" className={`status status-${status.kind}`} role="status" data-testid="toolbar-status">
        {status.kind === 'busy' ? t('app.working') : null}
        {status.kind === 'saved' ? t('toolbar.saved') : null}
        {status.kind === 'published' ? t('toolbar.published', { version: status.version }) : null}
        {status.kind === 'refused' ? status.message : null}
      </span>
      {status.kind === 'error' ? <ErrorMessage error={status.error} /> : null}
      {asking ? (
        <PublishDialog
          onClose={() => setAsking(false)}
          onPublish={(note) => {
            setAsking(false);
            void actions.publish(note);
          }}
        />
      ) : null}
      {migration ? <MigrationWizard workflow={workflow} from={migration.from} to={migration.to} onClose={actions.closeMigration} /> : null}
    </div>
  );
}

/** What the toolbar's buttons do, and the status line and migration they leave behind. */
function useToolbarActions({ workflow, reload }: Pick<Props, 'workflow' | 'reload'>) {
  const { t, i18n } = useTranslation();
  const flow = useReactFlow();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [migration, setMigration] = useState<{ from: number; to: number } | null>(null);
  const errors = useWorkflowStore((state) => state.diagnostics.filter((d) => d.severity === 'error').length);
  // A refusal is about the errors at the time; once they are fixed it no longer applies.
  useEffect(() => {
    if (errors === 0) setStatus((current) => (current.kind === 'refused' ? { kind: 'idle' } : current));
  }, [errors]);

  const save = async () => {
    const { definition } = useWorkflowStore.getState();
    if (!definition) return;
    await saveWorkflowDraft({ key: workflow.key, definition });
    useWorkflowStore.getState().markSaved({ workflowKey: workflow.key, version: null });
  };

  const run = async (action: () => Promise<Status>) => {
    setStatus({ kind: 'busy' });
    try {
      setStatus(await action());
    } catch (error) {
      setStatus({ kind: 'error', error });
    }
  };

  return {
    status,
    errors,
    migration,
    closeMigration: () => setMigration(null),
    saveDraft: () =>
      run(async () => {
        await save();
        return { kind: 'saved' };
      }),
    publish: (note: string) =>
      run(async () => {
        if (errors > 0) return { kind: 'refused', message: t('toolbar.publishRefused', { count: errors }) };
        await save();
        const version = await publishWorkflow({ key: workflow.key, note });
        useWorkflowStore.getState().markSaved({ workflowKey: workflow.key, version });
        reload();
        if (version > 1) setMigration({ from: version - 1, to: version });
        return { kind: 'published', version };
      }),
    importFile: async (file: File) => {
      const read = readDefinitionFile(await file.text());
      if (!read.ok) {
        setStatus({
          kind: 'refused',
          message: t('toolbar.importRefused', {
            problems: read.diagnostics
              .map((d) => `${d.pointer || '/'} ${diagnosticText({ diagnostic: d, definition: null, t, locale: i18n.language })}`)
              .join('; '),
          }),
        });
        return;
      }
      const imported = { ...read.definition, key: workflow.key };
      // A file without positions (written by hand or another tool) is laid out like a new definition.
      const { replaceDefinition } = useWorkflowStore.getState();
      if (definitionToFlow(imported).needsLayout) {
        const laidOut = await layoutStages({ definition: imported, locale: i18n.language });
        replaceDefinition(laidOut.definition, laidOut.routes);
      } else replaceDefinition(imported);
      setStatus({ kind: 'idle' });
      window.requestAnimationFrame(() => void flow.fitView());
    },
    autoLayout: async () => {
      const { definition, replaceDefinition } = useWorkflowStore.getState();
      if (!definition) return;
      const laidOut = await layoutStages({ definition, locale: i18n.language });
      replaceDefinition(laidOut.definition, laidOut.routes);
      window.requestAnimationFrame(() => void flow.fitView());
    },
  };
}

/** Undo and redo of the definition's edits, each enabled when there is something to undo or redo. */
function HistoryButtons() {
  const { t } = useTranslation();
  const canUndo = useStore(useWorkflowStore.temporal, (state) => state.pastStates.length > 0);
  const canRedo = useStore(useWorkflowStore.temporal, (state) => state.futureStates.length > 0);
  const { undo, redo } = useWorkflowStore.temporal.getState();
  return (
    <>
      <button type="button" onClick={() => undo()} disabled={!canUndo} aria-keyshortcuts="Control+Z" data-testid="undo">
        {t('toolbar.undo')}
      </button>
      <button type="button" onClick={() => redo()} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z" data-testid="redo">
        {t('toolbar.redo')}
      </button>
    </>
  );
}

/** A button that opens the file picker for a definition file (the input itself is hidden). */
function ImportButton({ onFile }: { onFile: (file: File) => void }) {
  const { t } = useTranslation();
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => fileInput.current?.click()}>
        {t('toolbar.import')}
      </button>
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label={t('toolbar.import')}
        data-testid="import-file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
          event.target.value = '';
        }}
      />
    </>
  );
}

/** Downloads the definition being edited as `<key>.json`. */
function exportDefinition(): void {
  const { definition } = useWorkflowStore.getState();
  if (!definition) return;
  const url = URL.createObjectURL(new Blob([writeDefinitionFile(definition)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${definition.key}.json`;
  link.click();
  URL.revokeObjectURL(url);
}
