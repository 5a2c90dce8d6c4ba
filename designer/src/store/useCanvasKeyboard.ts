import { type KeyboardEvent, useCallback } from 'react';
import { useRevealStage } from './useRevealStage';
import { useWorkflowStore } from './useWorkflowStore';

/** The element a key was pressed on: a stage's node, a transition's label (one drawn edge), or the canvas itself. */
type Focused = { kind: 'stage'; key: string } | { kind: 'edge'; transition: string; from: string } | { kind: 'canvas' };

function focusedElement(target: HTMLElement): Focused {
  const stage = target.closest<HTMLElement>('.react-flow__node')?.dataset.id;
  if (stage) return { kind: 'stage', key: stage };
  const label = target.closest<HTMLElement>('.edge-label');
  const transition = label?.dataset.transition;
  const from = label?.dataset.from;
  if (transition && from) return { kind: 'edge', transition, from };
  return { kind: 'canvas' };
}

/**
 * The canvas's keys (listed by `?`, ShortcutsDialog): Delete or Backspace removes the focused stage or transition
 * (the selection when the canvas itself has the focus); C starts connecting from the focused stage and Enter on
 * another stage ends it; A appends a stage after the focused one; F2 renames it in place; Escape gives up. Keys
 * typed in a form field are left alone. Returns the canvas's capturing key handler, so these keys win over React
 * Flow's own (Enter selecting a stage) while a connection is being made.
 */
export function useCanvasKeyboard(canvas: { current: HTMLElement | null }): (event: KeyboardEvent) => void {
  const reveal = useRevealStage();
  return useCallback(
    (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable="true"]') !== null) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const store = useWorkflowStore.getState();
      const focused = focusedElement(target);
      const mode = store.canvasMode;
      let handled = true;
      if (event.key === 'Escape' && mode) store.setCanvasMode(null);
      else if (mode?.kind === 'connect' && (event.key === 'Enter' || event.key === ' ') && focused.kind === 'stage') {
        store.setCanvasMode(null);
        if (focused.key !== mode.from) store.connect({ source: mode.from, target: focused.key });
      } else if (event.key === 'Delete' || event.key === 'Backspace') {
        removeFocused(focused);
        canvas.current?.focus();
      } else if (focused.kind === 'stage' && event.key.toLowerCase() === 'c') store.setCanvasMode({ kind: 'connect', from: focused.key });
      else if (focused.kind === 'stage' && event.key.toLowerCase() === 'a') {
        const key = store.appendStage({ from: focused.key, kind: 'stage' });
        if (key) reveal(key);
      } else if (focused.kind === 'stage' && event.key === 'F2') store.setCanvasMode({ kind: 'rename', stage: focused.key });
      else handled = false;
      if (!handled) return;
      event.preventDefault();
      event.stopPropagation();
    },
    [canvas, reveal],
  );
}

/** Removes what has the focus: a stage, one drawn edge, or (the canvas focused) whatever is selected. */
function removeFocused(focused: Focused): void {
  const store = useWorkflowStore.getState();
  if (focused.kind === 'stage') store.remove({ stages: [focused.key], edges: [] });
  else if (focused.kind === 'edge') store.remove({ stages: [], edges: [{ transition: focused.transition, from: focused.from }] });
  else
    store.remove({
      stages: store.nodes.filter((node) => node.selected).map((node) => node.id),
      edges: store.edges.flatMap((edge) => (edge.selected && edge.data ? [{ transition: edge.data.transition.key, from: edge.source }] : [])),
    });
}
