import { useRef } from 'react';
import { FormProblem } from '../../components/FormProblem';
import { useModalKeys } from '../shared/useModalKeys';

export type Props = {
  title: string;
  text: string;
  confirmLabel: string;
  cancelLabel: string;
  busy: boolean;
  problem: string | null;
  onConfirm: () => void;
  onCancel: () => void;
};

/**
 * Asks before something that cannot be taken back (deactivate, revoke, rotate, delete): focus starts on Cancel and
 * stays in the dialog, Escape cancels, and focus goes back to where it was when the dialog closes.
 */
export function ConfirmDialog({ title, text, confirmLabel, cancelLabel, busy, problem, onConfirm, onCancel }: Props) {
  const cancel = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const onKeyDown = useModalKeys({ dialog, initial: cancel, onClose: onCancel });
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog admin-confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="admin-confirm-title"
        aria-describedby="admin-confirm-text"
        data-testid="confirm-dialog"
        ref={dialog}
        onKeyDown={onKeyDown}
      >
        <h2 id="admin-confirm-title">{title}</h2>
        <p id="admin-confirm-text">{text}</p>
        <FormProblem problem={problem} />
        <div className="admin-buttons">
          <button type="button" ref={cancel} onClick={onCancel}>
            {cancelLabel}
          </button>
          <button type="button" className="danger" onClick={onConfirm} disabled={busy} data-testid="confirm">
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
