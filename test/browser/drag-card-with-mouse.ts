import type { Locator, Page } from 'playwright-core';

/**
 * Drags a board card onto a column with the mouse as a person does: presses on the card, nudges it past the drag
 * sensor's threshold, carries it in steps over the column, and drops it. `whileCarried` runs before the drop (to
 * photograph the drag, say).
 * @example await dragCardWithMouse({ page, card: page.locator('[data-card-name="Acme"]'), column: page.getByTestId('column-opportunity') });
 */
export async function dragCardWithMouse(input: { page: Page; card: Locator; column: Locator; whileCarried?: () => Promise<void> }): Promise<void> {
  const { page } = input;
  const from = await input.card.boundingBox();
  const to = await input.column.boundingBox();
  if (!from || !to) throw new Error('the card or the column is not on screen');
  await page.mouse.move(from.x + from.width / 2, from.y + 20);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + 30, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 12 });
  await input.whileCarried?.();
  await page.mouse.up();
}
