import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';

/** How long the canvas takes to pan to a stage that was out of view. */
const PAN_MS = 200;

/** How many frames a stage just added may take to be drawn before it is given up (about two seconds). */
const DRAW_FRAMES_MAX = 120;

/**
 * Runs `act` with a stage's node at the first frame React Flow shows it: a stage just added is hidden until React Flow
 * has measured it (and a hidden element takes no focus), which on a busy machine can take more than one frame.
 * @example whenDrawn('lead_2', (element) => element.focus());
 */
function whenDrawn(key: string, act: (element: HTMLElement) => void, framesLeft = DRAW_FRAMES_MAX): void {
  requestAnimationFrame(() => {
    const element = stageElement(key);
    if (element && getComputedStyle(element).visibility !== 'hidden') act(element);
    else if (framesLeft > 1) whenDrawn(key, act, framesLeft - 1);
  });
}

/**
 * Moves keyboard focus to a stage's node once React Flow has drawn it.
 * @example focusStage('lead')
 */
export function focusStage(key: string): void {
  whenDrawn(key, (element) => element.focus({ preventScroll: true }));
}

/**
 * A function that shows a stage just added (appended after another, say): once it is drawn, the canvas pans to it at
 * the same zoom when any of it is out of view, and the stage gets the keyboard's focus.
 * @example const reveal = useRevealStage(); reveal('new_stage');
 */
export function useRevealStage(): (key: string) => void {
  const flow = useReactFlow();
  return useCallback(
    (key: string) => {
      whenDrawn(key, (element) => {
        const canvas = element.closest('.react-flow')?.getBoundingClientRect();
        const node = flow.getInternalNode(key);
        if (!canvas || !node) return;
        const box = element.getBoundingClientRect();
        const inView = box.left >= canvas.left && box.right <= canvas.right && box.top >= canvas.top && box.bottom <= canvas.bottom;
        if (!inView) {
          const { x, y } = node.internals.positionAbsolute;
          const { width = 0, height = 0 } = node.measured;
          void flow.setCenter(x + width / 2, y + height / 2, { zoom: flow.getZoom(), duration: PAN_MS });
        }
        element.focus({ preventScroll: true });
      });
    },
    [flow],
  );
}

function stageElement(key: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(key)}"]`);
}
