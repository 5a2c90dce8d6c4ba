import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export type Props = { onClose: () => void };

/** Every shortcut, by the key a person presses and the message key of what it does (ShortcutsDialog's list). */
const SHORTCUTS: readonly { keys: readonly string[]; does: string }[] = [
  { keys: ['Tab', 'Shift+Tab'], does: 'tab' },
  { keys: ['Enter'], does: 'select' },
  { keys: ['← ↑ → ↓'], does: 'move' },
  { keys: ['Delete', 'Backspace'], does: 'delete' },
  { keys: ['C'], does: 'connect' },
  { keys: ['A'], does: 'append' },
  { keys: ['F2'], does: 'rename' },
  { keys: ['Esc'], does: 'cancel' },
  { keys: ['Ctrl+Z'], does: 'undo' },
  { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], does: 'redo' },
  { keys: ['Ctrl+C', 'Ctrl+V'], does: 'copyPaste' },
  { keys: ['?'], does: 'help' },
];

/** The keyboard shortcuts of the editor, opened with `?` (or the toolbar's button) and closed with Escape. */
export function ShortcutsDialog({ onClose }: Props) {
  const { t } = useTranslation();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    close.current?.focus();
    return () => opener?.focus();
  }, []);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape closes the dialog from anywhere in it; the button is the keyboard's way too.
    <div className="dialog-backdrop" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <div className="dialog shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-heading" data-testid="shortcuts">
        <h2 id="shortcuts-heading">{t('shortcuts.title')}</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((shortcut) => (
              <tr key={shortcut.does}>
                <th scope="row">
                  {shortcut.keys.map((key, index) => (
                    <span key={key}>
                      {index > 0 ? ' / ' : null}
                      <kbd>{key}</kbd>
                    </span>
                  ))}
                </th>
                <td>{t(`shortcuts.${shortcut.does}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" ref={close} onClick={onClose} data-testid="shortcuts-close">
          {t('shortcuts.close')}
        </button>
      </div>
    </div>
  );
}
