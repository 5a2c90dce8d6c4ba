import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveWorkflowDraft, type WorkflowDetail, type WorkflowVersion } from '../api/funnel-api';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { ErrorMessage } from './ErrorMessage';

export type Props = { workflow: WorkflowDetail };

type Restore =
  | { kind: 'idle' }
  | { kind: 'confirming'; version: number }
  | { kind: 'busy' }
  | { kind: 'restored'; version: number }
  | { kind: 'error'; error: unknown };

/**
 * Every published version with when, who published it and their note, and a way to make one of them the draft again
 * (asked first: the draft as it is now is replaced, though undo brings it back).
 */
export function VersionHistory({ workflow }: Props) {
  const { t } = useTranslation();
  const [restore, setRestore] = useState<Restore>({ kind: 'idle' });
  const restoreVersion = async (version: WorkflowVersion) => {
    setRestore({ kind: 'busy' });
    try {
      await saveWorkflowDraft({ key: workflow.key, definition: version.definition });
      const store = useWorkflowStore.getState();
      store.replaceDefinition(version.definition);
      store.markSaved({ workflowKey: workflow.key, version: null });
      setRestore({ kind: 'restored', version: version.version });
    } catch (error) {
      setRestore({ kind: 'error', error });
    }
  };
  return (
    <>
      <ol className="version-history" data-testid="version-history">
        {workflow.versions.map((version) => (
          <VersionItem
            key={version.version}
            version={version}
            confirming={restore.kind === 'confirming' && restore.version === version.version}
            onAsk={() => setRestore({ kind: 'confirming', version: version.version })}
            onConfirm={() => void restoreVersion(version)}
            onCancel={() => setRestore({ kind: 'idle' })}
          />
        ))}
        <li>{t('versions.draft')}</li>
      </ol>
      <p role="status" data-testid="restore-status">
        {restore.kind === 'busy' ? t('app.working') : null}
        {restore.kind === 'restored' ? t('versions.restored', { version: restore.version }) : null}
      </p>
      {restore.kind === 'error' ? <ErrorMessage error={restore.error} /> : null}
    </>
  );
}

type VersionItemProps = { version: WorkflowVersion; confirming: boolean; onAsk: () => void; onConfirm: () => void; onCancel: () => void };

/** One published version: its number and date, who published it, the note, and its restore button (or the question). */
function VersionItem({ version, confirming, onAsk, onConfirm, onCancel }: VersionItemProps) {
  const { t, i18n } = useTranslation();
  const dates = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <li data-testid={`version-${version.version}`}>
      <div>
        {t('home.version', { version: version.version })} — {dates.format(new Date(version.publishedAt))} ·{' '}
        <span data-testid={`version-${version.version}-by`}>
          {t('versions.publishedBy', { name: version.publishedBy?.name ?? t('versions.unknownPublisher') })}
        </span>
      </div>
      {version.note ? (
        <blockquote className="version-note" data-testid={`version-${version.version}-note`}>
          {version.note}
        </blockquote>
      ) : null}
      {confirming ? (
        <div className="row" role="group" aria-label={t('versions.restoreQuestion', { version: version.version })}>
          <span>{t('versions.restoreQuestion', { version: version.version })}</span>
          <button type="button" onClick={onConfirm} data-testid={`restore-confirm-${version.version}`}>
            {t('versions.restoreConfirm')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('versions.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" onClick={onAsk} data-testid={`restore-${version.version}`}>
          {t('versions.restore')}
        </button>
      )}
    </li>
  );
}
