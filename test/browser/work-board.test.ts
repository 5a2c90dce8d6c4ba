import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { board } from '../../designer/src/i18n/work/board';
import { browserSuite } from './browser-suite';
import { type Catalog, catalogKeys } from './catalog-text';
import { SCREENSHOTS, startForDeadlineTomorrow } from './browser-test-settings';
import { dragCardWithMouse } from './drag-card-with-mouse';
import { untranslatedText } from './untranslated-text';
import { seriousAxeFindings } from './serious-axe-findings';
import { BOARD_WORKFLOW, type BoardTenant, SALES_PASSWORD, seedBoardTenant, storedRecord, transitionThroughApi } from './work-board-seed';

// A salesperson works the board of the standard trunk in a real browser against the real api: the columns and their
// totals are the api's; an SQL dragged with the mouse to Opportunity asks for product, seats and company and moves;
// a card moved with the keyboard asks for its reason; a manager's move through the api appears live; search narrows
// the cards; axe-core finds nothing serious in English or Simplified Chinese. After each step the test reads the store
// through the api (stage, owner, the event and its actor) and photographs the screen.

const suite = browserSuite();
/** The board's message keys, to catch one shown raw. */
const BOARD_KEYS = catalogKeys(board.en as unknown as Catalog);
/** What the board shows as typed, in every language: the records' and people's names, the sources as stored. */
const AS_TYPED = [
  ...'Acme Rollout GmbH Birch Logistics Cedar Foods Ltd Delta Retail Echo Media Fjord Energy AS Kappa Sam Seller Morgan Manager Admin'.split(' '),
  ...'web referral event cold call partner third party list'.split(' '),
];

/** The board's columns as the api answers them for the salesperson. */
interface ApiColumn {
  stage: string;
  count: number;
  amount: number;
  weightedAmount: number;
}

describe('the board, for a salesperson', () => {
  const openedPage = suite.pageFor('work-board');
  let page: Page;
  let tenant: BoardTenant;
  let step = 0;

  const shoot = async (name: string) => {
    step += 1;
    await page.screenshot({ path: join(SCREENSHOTS, `work-board-${String(step).padStart(2, '0')}-${name}.png`) });
  };
  const card = (name: string) => page.locator(`[data-card-name="${name}"]`);
  const cardIn = (stage: string, name: string) => page.getByTestId(`column-${stage}`).locator(`[data-card-name="${name}"]`);
  const apiBoard = async (filter: { search?: string; scope?: string } = {}): Promise<ApiColumn[]> => {
    const data = await suite.funnel.graphql<{ board: { columns: ApiColumn[] } }>({
      apiKey: tenant.sales.key,
      query: `query($key: String!, $filter: BoardFilter) { board(workflowKey: $key, filter: $filter) { ... on Board { columns { stage count amount weightedAmount } } } }`,
      variables: { key: BOARD_WORKFLOW, filter: { scope: 'everyone', ...filter } },
    });
    return data.board.columns;
  };
  /** The totals each column shows, as numbers (read from the data the screen formats). */
  const shownTotals = () =>
    page.$$eval('[data-testid^="totals-"]', (elements) =>
      elements.map((element) => {
        const value = (name: string) => Number(element.querySelector(`[data-total="${name}"]`)?.getAttribute('data-value'));
        return {
          stage: element.getAttribute('data-testid')?.slice('totals-'.length) ?? '',
          count: value('count'),
          amount: value('amount'),
          weightedAmount: value('weighted'),
        };
      }),
    );
  const expectTotalsAsApi = async (filter: { search?: string; scope?: string } = {}) => {
    const api = await apiBoard(filter);
    await expect.poll(shownTotals).toEqual(api.map(({ stage, count, amount, weightedAmount }) => ({ stage, count, amount, weightedAmount })));
  };
  const lastTransition = async (name: string) => {
    const stored = await storedRecord({ funnel: suite.funnel, apiKey: tenant.adminKey, id: tenant.records[name] ?? '' });
    return {
      stage: stored.stage,
      ownerId: stored.ownerId,
      fields: stored.fields,
      event: stored.events.filter((event) => event.type === 'transitioned').at(-1),
    };
  };
  const expectNoSeriousAxeFindings = async (screen: string) => {
    // The app's header (its nav links' contrast) belongs to the app shell, not to this screen: left to its own check.
    expect(await seriousAxeFindings(page), `axe findings on ${screen}`).toEqual([]);
  };

  beforeAll(async () => {
    for (const file of readdirSync(SCREENSHOTS).filter((name) => name.startsWith('work-board-'))) rmSync(join(SCREENSHOTS, file));
    page = openedPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    // Back a week less a day and a bit: the SQLs' one-week rule sends them back to the pool on tomorrow's date, which
    // the cards say as "tomorrow".
    suite.funnel.clock.set(startForDeadlineTomorrow(Date.now()));
    tenant = await seedBoardTenant({ funnel: suite.funnel, smtp: suite.smtp, name: 'Board en' });
    await page.goto(suite.funnel.url);
    await page.getByTestId('language').selectOption('en');
    const form = page.getByTestId('sign-in-form');
    await form.locator('#workspace').fill(tenant.slug);
    await form.locator('#email').fill(tenant.sales.email);
    await form.locator('#password').fill(SALES_PASSWORD);
    await form.locator('button[type=submit]').click();
    await page.getByTestId('signed-in-as').waitFor();
  });

  it('shows a column per stage under its phase, with the totals the api answers and the days left before recycling', async () => {
    await page.goto(`${suite.funnel.url}/#/workflows/${BOARD_WORKFLOW}/board`);
    await page.getByTestId('column-sql').waitFor();
    const api = await apiBoard();
    expect(api.map((column) => column.stage)).toEqual(
      await page.$$eval('[data-testid^="column-"]', (columns) => columns.map((c) => c.getAttribute('data-testid')?.slice(7))),
    );
    await expectTotalsAsApi();
    expect(await page.getByTestId('totals-opportunity').locator('[data-total="amount"]').textContent()).toBe('Amount 30,000');
    expect(await page.getByTestId('totals-sql').locator('[data-total="count"]').textContent()).toBe('3 records');
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(expect.arrayContaining(['Lead', 'Opportunity', 'Order']));
    expect(await cardIn('sql', 'Acme Rollout').getByTestId('card-deadline').textContent()).toBe('Back to the pool tomorrow');
    expect(await cardIn('sql', 'Birch Logistics').textContent()).toContain('Sam Seller');
    await shoot('board');
    await expectNoSeriousAxeFindings('the board in en');
  });

  it('drags an SQL to Opportunity with the mouse: asked for product, seats and company, then moved by the salesperson', async () => {
    await dragCardWithMouse({ page, card: card('Acme Rollout'), column: page.getByTestId('column-opportunity'), whileCarried: () => shoot('dragging') });
    const dialog = page.getByTestId('transition-dialog');
    await dialog.getByTestId('transition-blockers').waitFor();
    expect(await dialog.getByTestId('transition-blockers').locator('li').allTextContents()).toEqual(
      expect.arrayContaining(['Product is required', 'Seats is required', 'Company name is required']),
    );
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await shoot('asked-for-fields');
    await expectNoSeriousAxeFindings('the transition dialog in en');
    // Refused again (seats left out): what was typed stays.
    await dialog.getByLabel('Product').fill('Funnel Pro');
    await dialog.getByLabel('Company name').fill('Acme GmbH');
    await dialog.getByRole('button', { name: 'Move' }).click();
    await expect.poll(() => dialog.getByTestId('transition-blockers').locator('li').allTextContents()).toEqual(['Seats is required']);
    expect(await dialog.getByLabel('Product').inputValue()).toBe('Funnel Pro');
    expect((await lastTransition('Acme Rollout')).stage).toBe('sql');
    await dialog.getByLabel('Seats').fill('25');
    await dialog.getByRole('button', { name: 'Move' }).click();
    await cardIn('opportunity', 'Acme Rollout').waitFor();
    await expect.poll(() => page.getByTestId('board-said').textContent()).toBe('Moved Acme Rollout to Opportunity');
    expect(await dialog.count()).toBe(0);
    const stored = await lastTransition('Acme Rollout');
    expect(stored.stage).toBe('opportunity');
    expect(stored.fields).toMatchObject({ product: 'Funnel Pro', seats: 25, companyName: 'Acme GmbH' });
    expect(stored.event).toMatchObject({ type: 'transitioned', to: 'opportunity', actorId: tenant.sales.id });
    await expectTotalsAsApi();
    await shoot('moved-to-opportunity');
  });

  it('moves a card with the keyboard: picked up, carried a column left, dropped, asked for its reason', async () => {
    const handle = page.locator(`[data-card-handle="${tenant.records['Birch Logistics']}"]`);
    const said = page.locator('[id^="DndLiveRegion"]');
    await handle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => said.textContent()).toBe('Birch Logistics is over SQL.');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => said.textContent()).toBe('Birch Logistics is over MQL.');
    await shoot('keyboard-carrying');
    await page.keyboard.press('Space');
    const dialog = page.getByTestId('transition-dialog');
    await dialog.getByTestId('transition-blockers').waitFor();
    expect(await dialog.getByTestId('transition-blockers').locator('li').allTextContents()).toEqual(['A reason is required']);
    // Focus is on the reason: choose one with the arrow keys, Tab to Move, Enter.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('transition-reason');
    await page.keyboard.press('ArrowDown');
    await shoot('keyboard-reason');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await cardIn('mql', 'Birch Logistics').waitFor();
    await expect.poll(() => page.getByTestId('board-said').textContent()).toBe('Moved Birch Logistics to MQL');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-card-handle'))).toBe(tenant.records['Birch Logistics']);
    const stored = await lastTransition('Birch Logistics');
    expect(stored.stage).toBe('mql');
    expect(stored.ownerId).toBeNull();
    expect(stored.event).toMatchObject({ type: 'transitioned', to: 'mql', actorId: tenant.sales.id });
    expect(stored.event?.reason).toBeTruthy();
    await expectTotalsAsApi();
    await shoot('keyboard-moved');
  });

  it('refuses in words a drop where no move leads, and moves nothing', async () => {
    await card('Delta Retail').getByRole('button', { name: 'Move to… Delta Retail' }).click();
    await shoot('move-to-list');
    await card('Delta Retail').getByRole('button', { name: 'Won', exact: true }).click();
    await expect.poll(() => page.getByTestId('board-refused').textContent()).toBe('Delta Retail cannot move from Lead to Won: no move leads there.');
    expect((await lastTransition('Delta Retail')).stage).toBe('lead');
    await shoot('refused');
  });

  it('shows a move a manager makes through the api without a reload', async () => {
    await transitionThroughApi({
      funnel: suite.funnel,
      apiKey: tenant.manager.key,
      id: tenant.records['Cedar Foods'] ?? '',
      transition: 'create_opportunity',
      fields: { product: 'Funnel Team', seats: 12 },
    });
    await cardIn('opportunity', 'Cedar Foods').waitFor();
    await expect.poll(() => page.getByTestId('board-said').textContent()).toBe('Board updated: Cedar Foods moved to Opportunity');
    const stored = await lastTransition('Cedar Foods');
    expect(stored.event).toMatchObject({ to: 'opportunity', actorId: tenant.manager.id });
    await expectTotalsAsApi();
    await shoot('live-move');
  });

  it('narrows the cards as the person types a search', async () => {
    await page.getByTestId('board-search').pressSequentially('birch', { delay: 40 });
    await expect.poll(() => page.locator('[data-card-name]').count()).toBe(1);
    expect(await card('Birch Logistics').count()).toBe(1);
    await expectTotalsAsApi({ search: 'birch' });
    await shoot('search');
    await page.getByTestId('board-search').fill('');
    await expect.poll(() => page.locator('[data-card-name]').count()).toBe(6);
  });

  it('keeps only my records with "Mine", and everyone\'s again with "Everyone"', async () => {
    await page.getByLabel('Mine').check();
    // Birch Logistics went back to marketing without an owner: not mine.
    await expect.poll(() => card('Birch Logistics').count()).toBe(0);
    await expectTotalsAsApi({ scope: 'mine' });
    await shoot('mine');
    await page.getByLabel('Everyone').check();
    await expect.poll(() => card('Birch Logistics').count()).toBe(1);
    await expectTotalsAsApi();
  });

  it('draws only the cards in view of a long column, and reads its next pages as it is scrolled to the end', async () => {
    const names = Array.from({ length: 110 }, (_, index) => `Kappa ${String(index + 1).padStart(3, '0')}`);
    for (let start = 0; start < names.length; start += 10) {
      await Promise.all(
        names.slice(start, start + 10).map((name) =>
          suite.funnel.graphql({
            apiKey: tenant.manager.key,
            query: `mutation($input: CreateRecordInput!) { createRecord(input: $input) { __typename } }`,
            variables: { input: { workflowKey: BOARD_WORKFLOW, owner: tenant.sales.id, fields: { name, amount: 100 } } },
          }),
        ),
      );
    }
    // The records' events reach the open board, which reads itself again.
    await expect.poll(() => page.getByTestId('totals-lead').locator('[data-total="count"]').getAttribute('data-value')).toBe('111');
    await expectTotalsAsApi();
    const column = page.getByTestId('column-lead');
    const drawn = () => column.locator('[data-card-name]').count();
    expect(await drawn()).toBeLessThan(20);
    const scroller = column.locator('.board-column-cards');
    await expect
      .poll(async () => {
        await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
        return column.locator('[data-card-name="Kappa 110"]').count();
      })
      .toBe(1);
    expect(await drawn()).toBeLessThan(20);
    await shoot('long-column-end');
  });

  it('has no serious accessibility findings in Simplified Chinese, with stage names from the definition', async () => {
    await page.getByTestId('language').selectOption('zh-Hans');
    await page.getByRole('heading', { name: '看板', level: 1 }).waitFor();
    expect(await page.getByTestId('column-opportunity').locator('h3').textContent()).toBe('商机');
    expect(await page.getByTestId('totals-opportunity').locator('[data-total="count"]').textContent()).toBe('3 条记录');
    await shoot('zh-Hans');
    await expectNoSeriousAxeFindings('the board in zh-Hans');
    const { rawKeys, english } = await untranslatedText({ page, messageKeys: BOARD_KEYS, identifiers: AS_TYPED });
    expect(rawKeys).toEqual([]);
    expect(english).toEqual([]);
    // The dialog in Chinese: a lost deal asks for its reason (named from the definition) before it runs.
    // Without a mouse: Tab to "Move to…", Enter opens the stages, Enter on one moves.
    const chooseLost = async () => {
      await card('Fjord Energy').getByRole('button', { name: '移至… Fjord Energy' }).focus();
      await page.keyboard.press('Enter');
      await card('Fjord Energy').getByRole('button', { name: '输单', exact: true }).focus();
      await page.keyboard.press('Enter');
    };
    await chooseLost();
    const dialog = page.getByTestId('transition-dialog');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('transition-reason');
    expect(await dialog.getByTestId('transition-blockers').count()).toBe(0);
    expect(await dialog.locator('#transition-reason option').allTextContents()).toContain('没有预算');
    await shoot('zh-Hans-lost-reason');
    await expectNoSeriousAxeFindings('the transition dialog in zh-Hans');
    expect((await untranslatedText({ page, messageKeys: BOARD_KEYS, identifiers: AS_TYPED })).english).toEqual([]);
    // Escape gives up: nothing moved, focus back on the card.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-card-handle'))).toBe(tenant.records['Fjord Energy']);
    expect((await lastTransition('Fjord Energy')).stage).toBe('opportunity');
    // Again, with a reason chosen: lost, the reason and the salesperson in the store.
    await chooseLost();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('transition-reason');
    await dialog.locator('#transition-reason').selectOption({ label: '没有预算' });
    await dialog.getByRole('button', { name: '移动' }).click();
    await cardIn('lost', 'Fjord Energy').waitFor();
    await expect.poll(() => page.getByTestId('board-said').textContent()).toBe('已将 Fjord Energy 移至 输单');
    const lost = await lastTransition('Fjord Energy');
    expect(lost.stage).toBe('lost');
    expect(lost.event).toMatchObject({ to: 'lost', actorId: tenant.sales.id });
    expect(lost.event?.reason).toBeTruthy();
    await shoot('zh-Hans-lost');
    await page.setViewportSize({ width: 1024, height: 768 });
    await shoot('zh-Hans-1024');
  });
});
