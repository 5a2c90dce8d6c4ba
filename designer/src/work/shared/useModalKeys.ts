import { type KeyboardEvent, type RefObject, useEffect } from 'react';

/** What can take focus inside a dialog. */
const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog's keyboard: focus moves into it when it opens (to `initial`) and back to where it was when it closes,
 * Tab and Shift+Tab stay inside it, and Escape closes it. Give the returned handler to the dialog's onKeyDown.
 * @example const onKeyDown = useModalKeys({ dialog, initial: cancel, onClose }); <div role="dialog" ref={dialog} onKeyDown={onKeyDown}>
 */
export function useModalKeys({
  dialog,
  initial,
  onClose,
}: {
  dialog: RefObject<HTMLElement | null>;
  initial: RefObject<HTMLElement | null>;
  onClose: () => void;
}): (event: KeyboardEvent) => void {
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    initial.current?.focus();
    return () => {
      if (before?.isConnected) before.focus();
    };
  }, [initial]);
  return (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };
}
