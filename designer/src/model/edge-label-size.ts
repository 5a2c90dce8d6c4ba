/** The label's font, as styles.css sets `.edge-label` (the root font family at 11 px). */
const LABEL_FONT = "11px system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";
/** Padding (5 px a side), border (1 px a side) and a pixel of slack for sub-pixel text. */
const LABEL_CHROME_WIDTH = 14;
/** The lock drawn before a guarded transition's name, with its space. */
const GUARD_MARK_WIDTH = 17;
/** One line of 11 px text with its padding and border. */
export const EDGE_LABEL_HEIGHT = 20;
/** Without a canvas to measure on (unit tests in Node), about how wide a character is. */
const NARROW_CHARACTER_WIDTH = 6.5;
const WIDE_CHARACTER_WIDTH = 11;

let context: CanvasRenderingContext2D | null | undefined;

function measuringContext(): CanvasRenderingContext2D | null {
  if (context !== undefined) return context;
  context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (context) context.font = LABEL_FONT;
  return context;
}

function textWidth(text: string): number {
  const measuring = measuringContext();
  if (measuring) return measuring.measureText(text).width;
  // Ideographs and other wide characters take about a full em.
  let width = 0;
  for (const character of text) width += (character.codePointAt(0) ?? 0) > 0x2e80 ? WIDE_CHARACTER_WIDTH : NARROW_CHARACTER_WIDTH;
  return width;
}

/**
 * The size of a transition's label on the canvas: its text measured in the label's font, the lock when it is
 * guarded, and the padding. Layout and routing place labels at this size and TransitionEdge draws them at it,
 * so a label placed clear of the stages is drawn clear of them.
 * @example edgeLabelSize({ text: 'Mark as won', guarded: false }) // → { width: 74, height: 20 } (about)
 */
export function edgeLabelSize({ text, guarded }: { text: string; guarded: boolean }): { width: number; height: number } {
  const width = Math.ceil(textWidth(text)) + LABEL_CHROME_WIDTH + (guarded ? GUARD_MARK_WIDTH : 0);
  return { width, height: EDGE_LABEL_HEIGHT };
}
