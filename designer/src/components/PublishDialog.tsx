import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type Props = { onPublish: (note: string) => void; onClose: () => void };

/** Asks for the note a version is published with (what changed and why; it may stay empty), then publishes. */
export function PublishDialog({ onPublish, onClose }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    field.current?.focus();
    return () => opener?.focus();
  }, []);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape closes the dialog from anywhere in it; the buttons are the keyboard's way too.
    <div className="dialog-backdrop" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <form
        className="dialog publish-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="publish-heading"
        data-testid="publish-dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onPublish(note);
        }}
      >
        <h2 id="publish-heading">{t('publish.title')}</h2>
        <label htmlFor="publish-note">{t('publish.note')}</label>
        <textarea id="publish-note" ref={field} rows={3} value={note} onChange={(event) => setNote(event.target.value)} data-testid="publish-note" />
        <p className="hint">{t('publish.noteHint')}</p>
        <div className="row">
          <button type="submit" data-testid="publish-confirm">
            {t('publish.confirm')}
          </button>
          <button type="button" onClick={onClose}>
            {t('publish.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
