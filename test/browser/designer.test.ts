import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WorkflowDefinition } from '@funnel/schemas';
import { browserSuite } from './browser-suite';
import { DAY_MS, SCREENSHOTS, UI_TIMEOUT_MS } from './browser-test-settings';

// Every flow of the designer, once, in English. Each Chinese locale gets its screens checked, one by one, in
// designer-in-chinese.test.ts; the runtime switch to Traditional Chinese and back stays here. Signing in by account
// (invitation, password, reset) is in accounts.test.ts; this file signs in as a developer, with an API key.

const suite = browserSuite();

describe('the designer in English', () => {
  const openedPage = suite.pageFor('en');
  let page: Page;
  let apiKey: string;
  const shot = (step: string) => page.screenshot({ path: join(SCREENSHOTS, `en-${step}.png`) });

  beforeAll(async () => {
    page = openedPage();
    // A week back, so what the flows do (advancing the clock by days) stays in "last 30 days".
    suite.funnel.clock.set(Date.now() - 7 * DAY_MS);
    apiKey = await suite.funnel.newTenant('Browser test en');
  });

  it('signs in with an API key, behind its link on the sign-in screen, and shows the template gallery in the chosen language', async () => {
    await page.goto(suite.funnel.url);
    await page.getByTestId('language').selectOption('en');
    await page.getByRole('button', { name: 'Sign in with an API key' }).click();
    await page.locator('#api-key').fill(apiKey);
    await shot('01-sign-in');
    await page.locator('form button[type=submit]').click();
    await page.getByTestId('template-minimal_trunk').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('funnel.apiKey'))).toBe(apiKey);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await shot('02-gallery');
  });

  it('picks the minimal trunk and draws its stages', async () => {
    await page.getByTestId('template-minimal_trunk').click();
    await page.getByTestId('stage-lead').waitFor();
    for (const stage of ['lead', 'opportunity', 'order', 'lost', 'pool']) await page.getByTestId(`stage-${stage}`).waitFor();
    expect(await page.locator('.workflow-title').textContent()).toBe('Minimal trunk');
    await expect.poll(() => page.getByTestId('diagnostics').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('No problems');
    await shot('03-minimal-trunk');
  });

  it('adds a stage from the palette and shows the diagnostic on it and in the list; publishing is refused', async () => {
    // The api checks the definition as it is edited (debounced), besides the engine in the browser.
    const validated = page.waitForResponse((response) => {
      const body = response.request().postData() ?? '';
      return response.url().endsWith('/graphql') && body.includes('validateWorkflow') && body.includes('"new_stage"');
    });
    await page.getByTestId('palette-stage').click();
    const apiAnswer = (await (await validated).json()) as { data: { validateWorkflow: { diagnostics: { code: string; pointer: string }[] } } };
    expect(apiAnswer.data.validateWorkflow.diagnostics).toContainEqual(expect.objectContaining({ code: 'compile.unreachable_stage', pointer: '/stages/5' }));
    const node = page.getByTestId('stage-new_stage');
    await node.waitFor();
    await expect.poll(() => node.textContent()).toContain('New stage');
    await expect.poll(() => page.getByTestId('diagnostics').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('cannot be reached');
    await expect.poll(() => node.getAttribute('class')).toContain('has-errors');
    // The node says its problem too, in the same language, when hovered.
    expect(await node.getAttribute('title')).toContain('cannot be reached');
    await page.getByTestId('publish').click();
    await expect.poll(() => page.getByTestId('toolbar-status').textContent()).toContain('Publishing refused');
    await shot('04-diagnostic-appears');
    // Clicking a diagnostic selects the stage it is about.
    await page.getByTestId('diagnostics').getByTestId('diagnostic').first().click();
    await page.getByTestId('stage-panel').waitFor();
  });

  it('connects stages by dragging from one handle to another, and through the side panel', async () => {
    await page.getByTestId('auto-layout').click();
    await page.waitForTimeout(500);
    const source = page.getByTestId('stage-opportunity').locator('.react-flow__handle.source');
    const target = page.getByTestId('stage-new_stage').locator('.react-flow__handle.target');
    const from = await source.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('stage handles are not on screen');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('edge-opportunity_to_new_stage:opportunity').waitFor();
    // Out of the new stage: to the order (won) and to the pool, from the side panel.
    await page.getByTestId('stage-new_stage').click();
    await page.getByTestId('connect-target').selectOption('order');
    await page.getByTestId('connect-button').click();
    await page.getByTestId('edge-new_stage_to_order:new_stage').waitFor();
    await page.getByTestId('stage-new_stage').click();
    await page.getByTestId('connect-target').selectOption('pool');
    await page.getByTestId('connect-button').click();
    await page.getByTestId('edge-new_stage_to_pool:new_stage').waitFor();
    await expect.poll(() => page.getByTestId('diagnostics').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('No problems');
    expect(await page.getByTestId('stage-new_stage').getAttribute('class')).not.toContain('has-errors');
    await shot('05-diagnostic-clears');
  });

  it('sets a probability and a 7-day recycle timer to the pool with an extension policy', async () => {
    await page.getByTestId('stage-new_stage').click();
    await page.getByTestId('stage-probability').fill('50');
    await expect.poll(() => page.getByTestId('stage-new_stage').textContent()).toContain('50%');
    await page.getByTestId('add-timer').click();
    await page.getByTestId('timer-recycle_timer-transition').selectOption('new_stage_to_pool');
    await page.getByTestId('timer-recycle_timer-after').fill('7 days');
    await page.getByTestId('timer-recycle_timer-after').press('Enter');
    await page.getByTestId('timer-recycle_timer-extension').check();
    await expect.poll(() => page.getByTestId('timer-badge-new_stage-recycle_timer').textContent()).toContain('7d → Public pool, 2 × 7d ext.');
    const stored = await page.evaluate(() => document.querySelector('[data-testid="timer-recycle_timer-after"] + small code')?.textContent);
    expect(stored).toBe('P7D');
    await expect.poll(() => page.getByTestId('diagnostics').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('No problems');
    await shot('06-probability-and-timer');
  });

  it('guards a transition with the visual condition builder, marks the edge, and shows the json-logic in raw mode', async () => {
    const edge = page.getByTestId('edge-new_stage_to_order:new_stage');
    await edge.click();
    await page.getByTestId('transition-panel').waitFor();
    await page.getByTestId('guard-add').click();
    await edge.locator('.guard-mark').waitFor();
    await page.getByTestId('guard-raw-mode').click();
    const raw = JSON.parse(await page.getByTestId('guard-raw').inputValue()) as unknown;
    expect(raw).toEqual({ and: [{ '!!': [{ var: 'name' }] }] });
    await expect.poll(() => page.getByTestId('diagnostics').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('No problems');
    await shot('06b-guard');
  });

  it('undoes and redoes an edit from the keyboard', async () => {
    const guardMark = page.getByTestId('edge-new_stage_to_order:new_stage').locator('.guard-mark');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await guardMark.waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Shift+z');
    await guardMark.waitFor();
    await expect.poll(() => page.getByTestId('timer-badge-new_stage-recycle_timer').textContent()).toContain('7d → Public pool, 2 × 7d ext.');
  });

  it('copies, pastes and deletes a stage with the keyboard', async () => {
    await page.getByTestId('stage-new_stage').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    const copy = page.getByTestId('stage-new_stage_2');
    await copy.waitFor();
    // The copy has the focus, so that Delete removes it and not the original (CI once saw the original go: the copy is
    // hidden until React Flow has measured it, and a hidden element takes no focus).
    await expect.poll(() => copy.evaluate((element) => element.closest('.react-flow__node') === document.activeElement)).toBe(true);
    await expect.poll(() => copy.textContent()).toContain('New stage');
    await page.keyboard.press('Delete');
    await copy.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('diagnostics').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('No problems');
  });

  it('works from the keyboard alone, with a visible focus ring', async () => {
    const palettePool = page.getByTestId('palette-pool');
    await palettePool.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const outline = await palettePool.evaluate((element) => getComputedStyle(element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    const pool = page.locator('.react-flow__node[data-id="pool_2"]');
    await pool.waitFor();
    await pool.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('stage-panel').textContent()).toContain('pool_2');
    await page.keyboard.press('Delete');
    await pool.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('diagnostics').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('No problems');
  });

  it('publishes, and the api holds the new version with the stage, probability and timer', async () => {
    await page.getByTestId('publish').click();
    await page.getByTestId('publish-confirm').click();
    await expect.poll(() => page.getByTestId('toolbar-status').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('Published version 1');
    const data = await suite.funnel.graphql<{
      workflow: { latestVersion: number; versions: { definition: { stages: { key: string; probability: number; timers?: unknown[] }[] } }[] };
    }>({
      apiKey,
      query: `query { workflow(key: "minimal_trunk") { ... on Workflow { latestVersion versions { definition } } } }`,
    });
    expect(data.workflow.latestVersion).toBe(1);
    const stage = data.workflow.versions[0]?.definition.stages.find((s) => s.key === 'new_stage');
    expect(stage).toMatchObject({
      probability: 50,
      timers: [
        {
          key: 'recycle_timer',
          after: 'P7D',
          action: { transition: 'new_stage_to_pool' },
          extension: { length: 'P7D', maxPerRecord: 2, approverRoles: ['manager'] },
        },
      ],
    });
    await shot('07-published');
  });

  it('creates a record through GraphQL and watches it in the simulator, with every reason for closed transitions', async () => {
    const created = await suite.funnel.graphql<{ createRecord: { __typename: string; id?: string; stage?: string } }>({
      apiKey,
      query: `mutation($input: CreateRecordInput!) { createRecord(input: $input) { __typename ... on Record { id stage } ... on Error { message } } }`,
      variables: { input: { workflowKey: 'minimal_trunk', fields: { name: 'Ann Lee', email: 'ann@example.com' } } },
    });
    expect(created.createRecord).toMatchObject({ __typename: 'Record', stage: 'lead' });
    await page.getByTestId('tab-simulator').click();
    const picker = page.getByTestId('sim-record');
    await expect.poll(async () => (await picker.locator('option').allTextContents()).join('|')).toContain('Ann Lee');
    await picker.selectOption(created.createRecord.id as string);
    await expect.poll(() => page.getByTestId('stage-lead').getAttribute('class')).toContain('simulated');
    // "Turn into opportunity" needs the company name: closed, and it says so.
    const qualify = page.getByTestId('sim-option-qualify');
    await expect.poll(() => qualify.textContent()).toContain('closed');
    await expect.poll(() => qualify.textContent()).toContain('companyName');
    await expect.poll(() => page.locator('.edge-label.sim-closed').count()).toBeGreaterThan(0);
    await shot('08-simulator');
    // Fourteen days without work: the idle-lead timer sends it to the pool; nothing is written.
    await page.getByTestId('sim-days').fill('14');
    await page.getByTestId('sim-advance').click();
    await expect.poll(() => page.getByTestId('stage-pool').getAttribute('class')).toContain('simulated');
    await shot('09-simulator-after-14-days');
    const stored = await suite.funnel.graphql<{ record: { stage: string } }>({
      apiKey,
      query: `query($id: ID!) { record(id: $id) { ... on Record { stage } } }`,
      variables: { id: created.createRecord.id },
    });
    expect(stored.record.stage).toBe('lead');
    // A sample typed in: with a company name and a product "Turn into opportunity" is open; take it.
    await page.locator('#sim-fields').fill(JSON.stringify({ name: 'Sample', phone: '+1 555 0100', companyName: 'Sample Ltd', product: 'CRM' }));
    await page.getByTestId('sim-start').click();
    await expect.poll(() => page.getByTestId('stage-lead').getAttribute('class')).toContain('simulated');
    await page.getByTestId('sim-step-qualify').click();
    await expect.poll(() => page.getByTestId('stage-opportunity').getAttribute('class')).toContain('simulated');
    await expect.poll(() => page.getByTestId('sim-log').textContent()).toContain('Lead → Opportunity');
  });

  it('opens the dashboard with the funnel chart and the pipeline, calibration and time-in-stage charts', async () => {
    // Three more records through GraphQL: two become opportunities, one of them is won.
    const ids: string[] = [];
    for (const [name, amount] of [
      ['Bo Chen', 12000],
      ['Cy Wu', 30000],
      ['Di Xu', 8000],
    ] as const) {
      const data = await suite.funnel.graphql<{ createRecord: { id: string; version: number } }>({
        apiKey,
        query: `mutation($input: CreateRecordInput!) { createRecord(input: $input) { ... on Record { id version } ... on Error { message } } }`,
        variables: { input: { workflowKey: 'minimal_trunk', fields: { name, phone: '+1 555 0100', companyName: `${name} Ltd`, product: 'CRM', amount } } },
      });
      ids.push(data.createRecord.id);
    }
    const move = async (id: string, transition: string) => {
      const read = await suite.funnel.graphql<{ record: { version: number } }>({
        apiKey,
        query: `query($id: ID!) { record(id: $id) { ... on Record { version } } }`,
        variables: { id },
      });
      const moved = await suite.funnel.graphql<{ transitionRecord: { __typename: string; stage?: string; message?: string } }>({
        apiKey,
        query: `mutation($input: TransitionRecordInput!) { transitionRecord(input: $input) { __typename ... on Record { stage } ... on Error { message } } }`,
        variables: { input: { id, expectedVersion: read.record.version, transition } },
      });
      expect(moved.transitionRecord.__typename, moved.transitionRecord.message).toBe('Record');
    };
    suite.funnel.clock.advance(2 * DAY_MS);
    await move(ids[0]!, 'qualify');
    await move(ids[1]!, 'qualify');
    suite.funnel.clock.advance(3 * DAY_MS);
    await move(ids[1]!, 'win');
    await page.getByTestId('open-dashboard').click();
    await page.getByTestId('dashboard').waitFor();
    await expect.poll(() => page.getByTestId('dashboard').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('Funnel: volume and conversion per stage');
    await expect.poll(() => page.getByTestId('dashboard').locator('h1').textContent()).toContain('Minimal trunk');
    await page.locator('.recharts-funnel-trapezoid').first().waitFor();
    // Lead 4, opportunity 2, order 1 entered in the period: three trapezoids at least.
    await expect.poll(() => page.locator('.recharts-funnel-trapezoid').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(5);
    // The weighted pipeline: the opportunity of 12,000 at 30 % and the order of 30,000 won, formatted by locale.
    await expect.poll(() => page.getByTestId('dashboard-totals').textContent()).toContain('weighted $33,600');
    // Owners by name, as the pipeline report names them: the records are the admin's (the key's user).
    const byOwner = page.getByRole('region', { name: 'Weighted pipeline by owner' });
    await expect.poll(() => byOwner.locator('.recharts-cartesian-axis-tick-value').allTextContents()).toContain('Admin');
    await page.getByTestId('period-90').click();
    await expect.poll(() => page.getByTestId('period-90').getAttribute('aria-pressed')).toBe('true');
    await shot('10-dashboard');
  });

  it('switches to Traditional Chinese and back at runtime, without a reload', async () => {
    await page.getByTestId('dashboard').getByRole('button').first().click();
    await page.getByTestId('stage-lead').waitFor();
    await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
    await page.getByTestId('language').selectOption('zh-Hant');
    await expect.poll(() => page.getByTestId('publish').textContent()).toBe('發佈');
    await expect.poll(() => page.getByTestId('stage-opportunity').textContent()).toContain('商機');
    await shot('10b-zh-Hant-at-runtime');
    await page.getByTestId('language').selectOption('en');
    await expect.poll(() => page.getByTestId('publish').textContent()).toBe('Publish');
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
  });

  it('exports the definition as a JSON file and imports an edited one', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const path = await download.path();
    const exported = JSON.parse(readFileSync(path, 'utf8')) as WorkflowDefinition;
    expect(exported.key).toBe('minimal_trunk');
    expect(exported.stages.map((stage) => stage.key)).toContain('new_stage');
    const lead = exported.stages.find((stage) => stage.key === 'lead')!;
    lead.probability = 5;
    lead.name = { ...lead.name, en: 'Prospect', 'zh-Hans': '潜在客户' };
    await page.getByTestId('import-file').setInputFiles({ name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    await expect.poll(() => page.getByTestId('stage-lead').textContent()).toContain('Prospect');
    // A file that is not a definition is refused in words, with the pointer, and changes nothing.
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"schemaVersion": 1, "key": "x"}') });
    await expect.poll(() => page.getByTestId('toolbar-status').textContent()).toContain('/name “name” is required here');
    await expect.poll(() => page.getByTestId('stage-lead').textContent()).toContain('Prospect');
  });

  it('shows the version history and a side-by-side diff of the draft against version 1', async () => {
    await page.getByTestId('tab-versions').click();
    await expect.poll(() => page.getByTestId('diff-summary').textContent()).toContain('Stages: 0 added, 0 removed, 1 changed.');
    await expect.poll(() => page.getByTestId('diff-stages').locator('tr.diff-changed').textContent()).toContain('Name: Lead → Prospect');
    expect(await page.getByTestId('diff-values-lead').textContent()).toMatch(/Win probability \(%\): 0% → \d+%/);
    await shot('11-version-diff');
  });

  it('publishes version 2 and migrates the records with a dry run, then a progress bar', async () => {
    // The workflow read again after publishing is held until the admin has mapped a stage: its answer arriving
    // late must not put the wizard's mapping back to its guess.
    const isWorkflowRead = (postData: string | null) => (postData ?? '').includes('query Workflow(');
    let releaseReload = () => {};
    const reloadHeld = new Promise<void>((resolve) => {
      releaseReload = resolve;
    });
    await page.route('**/graphql', async (route) => {
      if (isWorkflowRead(route.request().postData())) await reloadHeld;
      await route.continue();
    });
    const reloaded = page.waitForResponse((response) => isWorkflowRead(response.request().postData()));
    await page.getByTestId('publish').click();
    await page.getByTestId('publish-confirm').click();
    const wizard = page.getByTestId('migration-wizard');
    await wizard.waitFor();
    // A stage kept under its key offers no rename; one mapped to another stage does, and the plan carries it.
    expect(await page.getByTestId('migration-rename-new_stage').count()).toBe(0);
    await page.getByTestId('migration-map-new_stage').selectOption('opportunity');
    releaseReload();
    await reloaded;
    await page.unroute('**/graphql');
    expect(await page.getByTestId('migration-map-new_stage').inputValue()).toBe('opportunity');
    await page.getByTestId('migration-rename-new_stage').check();
    const planned = page.waitForRequest((request) => (request.postData() ?? '').includes('planMigration'));
    await page.getByTestId('migration-dry-run').click();
    expect(JSON.parse((await planned).postData() ?? '{}').variables.input.stageMap).toEqual([{ from: 'new_stage', to: 'opportunity', rename: true }]);
    await expect.poll(() => page.getByTestId('migration-count-lead').textContent()).toBe('2');
    expect(await page.getByTestId('migration-count-opportunity').textContent()).toBe('1');
    await shot('12-migration-dry-run');
    await page.getByTestId('migration-run').click();
    await expect.poll(() => wizard.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('Done:');
    const progress = page.getByTestId('migration-progress');
    expect(await progress.getAttribute('value')).toBe(await progress.getAttribute('max'));
    await shot('13-migration-done');
    const records = await suite.funnel.graphql<{ records: { edges: { node: { workflowVersion: number; stage: string; closed: boolean } }[] } }>({
      apiKey,
      query: `query { records(filter: { workflowKey: "minimal_trunk", stage: "lead" }, first: 10) { edges { node { workflowVersion stage } } } }`,
    });
    expect(records.records.edges.map((edge) => edge.node.workflowVersion)).toEqual([2, 2]);
  });
});
