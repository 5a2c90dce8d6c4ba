import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { browserSuite } from './browser-suite';
import { signInWithApiKey } from './sign-in-with-api-key';
import { SCREENSHOTS, UI_TIMEOUT_MS } from './browser-test-settings';
import { canvasGeometry, drawingProblems } from './canvas-geometry';

// Editing on the canvas and in the side panel (issue 24): the keyboard (Delete on the focused element, stages before
// transitions in tab order, a transition's focus shown, connecting two stages, `?`), the context pad's append, a
// rename on the canvas with the transition's default name following, a key renamed everywhere, and a side panel
// that never clips at 1280 px, its probability held between 0 and 100 as it is typed.

const suite = browserSuite();
const WORKFLOW = 'editing';
/** The minimal trunk's stages, as they are drawn. */
const STAGES = ['lead', 'opportunity', 'order', 'lost', 'pool'];
const NO_PROBLEMS = { labelsUnderStages: [], labelsOverLabels: [], edgesThroughStages: [] };

describe('editing on the canvas and in the side panel', () => {
  const openedPage = suite.pageFor('editing');
  let page: Page;
  let apiKey: string;
  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `editing-${name}.png`) });
  const stage = (key: string) => page.locator(`.react-flow__node[data-id="${key}"]`);
  const edge = (id: string) => page.getByTestId(`edge-${id}`);
  /** What has the keyboard's focus: `stage:<key>`, `edge:<id>` or the element's tag. */
  const focused = () =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (element?.classList.contains('react-flow__node')) return `stage:${element.dataset.id}`;
      if (element?.classList.contains('edge-label')) return `edge:${element.dataset.testid?.slice('edge-'.length)}`;
      return element?.tagName.toLowerCase() ?? 'none';
    });
  const clipped = () =>
    page.evaluate(() => {
      const body = document.querySelector('.side-panel .tab-body') as HTMLElement;
      const right = body.getBoundingClientRect().right;
      const cut = [...body.querySelectorAll<HTMLElement>('input, select, button, textarea, label, legend, th')]
        .filter((element) => element.getBoundingClientRect().width > 0 && element.getBoundingClientRect().right > right + 0.5)
        .map((element) => element.dataset.testid ?? element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName);
      // A box squeezed narrower than this shows a digit or two at most.
      const narrow = [...body.querySelectorAll<HTMLElement>('input:not([type=checkbox]):not([type=radio]), select')]
        .filter((element) => element.getBoundingClientRect().width > 0 && element.getBoundingClientRect().width < 64)
        .map((element) => element.dataset.testid ?? element.getAttribute('aria-label') ?? element.id);
      return { overflow: body.scrollWidth - body.clientWidth, cut, narrow };
    });
  const openWorkflow = async () => {
    await page.goto(`${suite.funnel.url}/#/workflows/${WORKFLOW}`);
    await stage('lead').waitFor();
  };
  const savedDraft = async (): Promise<WorkflowDefinition> => {
    const answer = await suite.funnel.graphql<{ workflow: { draft: WorkflowDefinition } }>({
      apiKey,
      query: 'query($key: String!) { workflow(key: $key) { ... on Workflow { draft } } }',
      variables: { key: WORKFLOW },
    });
    return answer.workflow.draft;
  };

  beforeAll(async () => {
    page = openedPage();
    apiKey = await suite.funnel.newTenant('Browser test editing');
    await suite.funnel.graphql({
      apiKey,
      query: 'mutation($input: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $input) { __typename } }',
      variables: { input: { key: WORKFLOW, definition: { ...getTemplate('minimal_trunk').definition, key: WORKFLOW } } },
    });
    await signInWithApiKey({ page, url: suite.funnel.url, apiKey });
    await openWorkflow();
  });

  it('tabs through every stage before any transition, and a focused transition shows its focus on its label and its line', async () => {
    await stage('lead').focus();
    const order = [await focused()];
    for (let step = 0; step < 9; step += 1) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    const kinds = order.map((id) => id.split(':')[0]);
    expect(kinds).toEqual([...STAGES.map(() => 'stage'), ...Array.from({ length: 5 }, () => 'edge')]);
    expect(new Set(order.slice(0, 5))).toEqual(new Set(STAGES.map((key) => `stage:${key}`)));
    const label = edge(order.at(-1)?.slice('edge:'.length) ?? '');
    expect(await label.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe('none');
    expect(await page.locator('.react-flow__edge-path.focused').count()).toBe(1);
    await shot('edge-focused');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('transition-panel').isVisible()).toBe(true);
  });

  it('deletes the focused stage or transition, not what happens to be selected', async () => {
    await stage('opportunity').click();
    await expect.poll(() => page.getByTestId('stage-opportunity').getAttribute('class')).toContain('selected');
    await edge('recycle:lead').focus();
    await page.keyboard.press('Delete');
    await edge('recycle:lead').waitFor({ state: 'detached' });
    expect(await stage('opportunity').count()).toBe(1);
    await stage('lost').focus();
    await page.keyboard.press('Delete');
    await stage('lost').waitFor({ state: 'detached' });
    expect(await stage('opportunity').count()).toBe(1);
    expect(await edge('win:opportunity').count()).toBe(1);
    await shot('deleted-focused');
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await stage('lost').waitFor();
    await edge('recycle:lead').waitFor();
  });

  it('connects two stages from the keyboard: C on one, Enter on the other', async () => {
    await stage('order').focus();
    await page.keyboard.press('c');
    await expect.poll(() => page.getByTestId('canvas-mode').textContent()).toContain('Connecting from Order');
    await shot('keyboard-connecting');
    for (let step = 0; step < STAGES.length && (await focused()) !== 'stage:pool'; step += 1) await page.keyboard.press('Tab');
    expect(await focused()).toBe('stage:pool');
    await page.keyboard.press('Enter');
    await edge('order_to_pool:order').waitFor();
    expect(await edge('order_to_pool:order').textContent()).toBe('Order → Public pool');
    expect(await page.getByTestId('canvas-mode').textContent()).toBe('');
    await expect.poll(() => page.getByTestId('transition-panel').textContent()).toContain('order_to_pool');
    await shot('keyboard-connected');
    expect(drawingProblems(await canvasGeometry(page))).toEqual(NO_PROBLEMS);
  });

  it('lists the shortcuts on `?`, and closes the list with Escape', async () => {
    await stage('lead').focus();
    await page.keyboard.press('?');
    const dialog = page.getByTestId('shortcuts');
    await dialog.waitFor();
    for (const words of ['Delete', 'Connect the focused stage', 'Append a stage', 'Rename the focused stage', 'Show this list']) {
      expect(await dialog.textContent()).toContain(words);
    }
    await shot('shortcuts');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused()).toBe('stage:lead');
  });

  it('appends the next stage after the selected one from its context pad, where no stage is, connected from it', async () => {
    await stage('opportunity').click();
    const pad = page.getByTestId('context-pad-opportunity');
    await pad.waitFor();
    await shot('context-pad');
    await pad.getByTestId('append-stage').click();
    await stage('new_stage').waitFor();
    await edge('opportunity_to_new_stage:opportunity').waitFor();
    expect(await edge('opportunity_to_new_stage:opportunity').textContent()).toBe('Opportunity → New stage');
    const geometry = await canvasGeometry(page);
    const box = (key: string) => geometry.stages.find((candidate) => candidate.id === key)?.box;
    expect(box('new_stage')!.x).toBeGreaterThan(box('opportunity')!.x + box('opportunity')!.width);
    // The canvas pans to the new stage when it was drawn out of view, and the stage has the keyboard's focus.
    const canvas = await page.locator('.react-flow').boundingBox();
    await expect
      .poll(async () => {
        const added = await stage('new_stage').boundingBox();
        return Boolean(
          canvas && added && added.x >= canvas.x && added.x + added.width <= canvas.x + canvas.width && added.y + added.height <= canvas.y + canvas.height,
        );
      })
      .toBe(true);
    expect(await focused()).toBe('stage:new_stage');
    expect(drawingProblems(geometry)).toEqual(NO_PROBLEMS);
    await expect.poll(() => page.getByTestId('stage-panel').textContent()).toContain('new_stage');
    expect(await page.getByTestId('stage-panel').getByLabel('Phase').inputValue()).toBe('opportunity');
    await shot('appended');
  });

  it('renames a stage on the canvas (double click, F2) and its transitions named by default follow; an edited name stays', async () => {
    await stage('new_stage').dblclick();
    const input = page.getByTestId('rename-new_stage');
    await input.fill('Proposal');
    await shot('renaming-on-canvas');
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('stage-new_stage').locator('.stage-name').textContent()).toBe('Proposal');
    await expect.poll(() => edge('opportunity_to_new_stage:opportunity').textContent()).toBe('Opportunity → Proposal');
    expect(await focused()).toBe('stage:new_stage');
    // From the keyboard: F2 on the focused stage. The template's own transition names stay as they are.
    await stage('opportunity').focus();
    await page.keyboard.press('F2');
    await page.getByTestId('rename-opportunity').fill('Deal');
    await page.keyboard.press('Enter');
    await expect.poll(() => edge('opportunity_to_new_stage:opportunity').textContent()).toBe('Deal → Proposal');
    expect(await edge('win:opportunity').textContent()).toBe('Mark as won');
    await shot('renamed-on-canvas');
  });

  it('renames a stage key in the side panel, and every reference to it in the definition follows', async () => {
    // The appended stage leads nowhere yet (a dead end): it goes first, so the check below has nothing else to say.
    await stage('new_stage').focus();
    await page.keyboard.press('Delete');
    await stage('new_stage').waitFor({ state: 'detached' });
    await stage('lead').click();
    const key = page.getByTestId('stage-key');
    await key.fill('opportunity');
    await expect.poll(() => page.getByTestId('stage-panel').textContent()).toContain('Another stage already has the key opportunity');
    await key.fill('prospect');
    await key.press('Enter');
    await stage('prospect').waitFor();
    await edge('qualify:prospect').waitFor();
    await expect.poll(() => page.getByTestId('diagnostics').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('No problems');
    await expect.poll(() => page.getByTestId('stage-panel').locator('h2').textContent()).toContain('prospect');
    await shot('key-renamed');
    await page.getByTestId('save-draft').click();
    await expect.poll(() => page.getByTestId('toolbar-status').textContent()).toContain('Draft saved');
    const draft = await savedDraft();
    expect(draft.initialStage).toBe('prospect');
    expect(draft.stages.find((candidate) => candidate.key === 'pool')?.pool?.claim?.to).toBe('prospect');
    expect(
      draft.transitions
        .filter((transition) => transition.from.includes('prospect') || transition.to === 'prospect')
        .map((t) => t.key)
        .sort(),
    ).toEqual(['qualify', 'reactivate', 'recycle']);
  });

  it('keeps the side panel whole at 1280 px: the field table, a timer with its extension policy, and the selects', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.getByTestId('field-schema-editor').scrollIntoViewIfNeeded();
    await shot('panel-fields');
    expect(await clipped()).toEqual({ overflow: 0, cut: [], narrow: [] });
    await stage('prospect').click();
    await page.getByTestId('timer-idle_lead-extension').check();
    await page.getByTestId('timer-idle_lead').scrollIntoViewIfNeeded();
    await shot('panel-timer');
    expect(await clipped()).toEqual({ overflow: 0, cut: [], narrow: [] });
    // The selected stage's context pad stands over the label above it: the transition is picked with nothing selected.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await edge('qualify:prospect').click();
    await page.getByTestId('transition-panel').waitFor();
    await shot('panel-transition');
    expect(await clipped()).toEqual({ overflow: 0, cut: [], narrow: [] });
  });

  it('holds a typed win probability between 0 and 100', async () => {
    await stage('opportunity').click();
    const probability = page.getByTestId('stage-probability');
    await probability.fill('150');
    expect(await probability.inputValue()).toBe('100');
    await expect.poll(() => page.getByTestId('stage-opportunity').locator('.probability').textContent()).toBe('100%');
    await probability.fill('-5');
    expect(await probability.inputValue()).toBe('0');
    await probability.fill('35');
    await expect.poll(() => page.getByTestId('stage-opportunity').locator('.probability').textContent()).toBe('35%');
    await shot('probability');
  });

  it('warns about a name without a translation, says problems in the user’s language with code and pointer on a details line, and still publishes', async () => {
    await stage('order').click();
    await page.getByTestId('stage-name-zh-Hant').fill('');
    const diagnostics = page.getByTestId('diagnostics');
    await expect.poll(() => diagnostics.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('“Order” has no 繁體中文 name yet (it shows in English there)');
    const details = diagnostics.locator('.diagnostic-details').first();
    expect(await details.textContent()).toMatch(/^designer\.untranslated_name · \/stages\/\d+\/name$/);
    await shot('untranslated-warning');
    await page.getByTestId('language').selectOption('zh-Hans');
    await expect.poll(() => diagnostics.textContent()).toContain('“订单”还没有繁體中文名称（在那里会显示英文）');
    await shot('untranslated-warning-zh-Hans');
    await page.getByTestId('language').selectOption('en');
    await page.getByTestId('publish').click();
    await page.getByTestId('publish-confirm').click();
    await expect.poll(() => page.getByTestId('toolbar-status').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('Published version 1');
  });

  it('edits the assignment rules in a form: whom a rule routes to, its strategy and weights, and the capacity cap', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    const editor = page.getByTestId('assignment-editor');
    await editor.scrollIntoViewIfNeeded();
    await page.getByTestId('assignment-add-rule').click();
    const rule = page.getByTestId('assignment-rule-assignment_rule');
    await rule.waitFor();
    await page.getByTestId('assignment-target-assignment_rule').selectOption('users');
    await page.getByTestId('assignment-people-assignment_rule').fill('u_ann, u_bob');
    await page.getByTestId('assignment-people-assignment_rule').press('Tab');
    await page.getByTestId('assignment-strategy-assignment_rule').selectOption('weighted_round_robin');
    await page.getByTestId('assignment-weights-assignment_rule').fill('u_ann=3, u_bob=x');
    await page.getByTestId('assignment-weights-assignment_rule').press('Tab');
    await expect.poll(() => rule.textContent()).toContain('Not a user=weight pair from 1 to 100, left out: u_bob=x');
    await page.getByTestId('assignment-capacity').check();
    await page.getByTestId('assignment-capacity-max').fill('15');
    await page.getByTestId('assignment-capacity-stages').getByLabel('Lead').check();
    await editor.scrollIntoViewIfNeeded();
    await shot('assignment-form');
    expect(await clipped()).toEqual({ overflow: 0, cut: [], narrow: [] });
    await page.getByTestId('save-draft').click();
    await expect
      .poll(async () => (await savedDraft()).assignment)
      .toEqual({
        rules: [
          {
            key: 'assignment_rule',
            name: { en: 'New assignment rule', 'zh-Hans': '新分配规则', 'zh-Hant': '新分配規則' },
            target: { team: { users: ['u_ann', 'u_bob'] }, strategy: 'weighted_round_robin', weights: { u_ann: 3 } },
          },
        ],
        capacity: { max: 15, stages: ['prospect'] },
      });
    await expect.poll(() => page.getByTestId('diagnostics').textContent(), { timeout: UI_TIMEOUT_MS }).not.toContain('Error');
  });

  it('publishes a renamed key as version 2, and the migration wizard maps the old stage to it, marked renamed', async () => {
    await stage('prospect').click();
    await page.getByTestId('stage-key').fill('new_lead');
    await page.getByTestId('stage-key').press('Enter');
    await stage('new_lead').waitFor();
    await page.getByTestId('publish').click();
    await page.getByTestId('publish-confirm').click();
    const wizard = page.getByTestId('migration-wizard');
    await wizard.waitFor();
    expect(await page.getByTestId('migration-map-prospect').inputValue()).toBe('new_lead');
    expect(await page.getByTestId('migration-rename-prospect').isChecked()).toBe(true);
    // Stages kept under their key map to themselves, and none is marked renamed.
    expect(await page.getByTestId('migration-map-opportunity').inputValue()).toBe('opportunity');
    await shot('migration-renamed');
    const published = await suite.funnel.graphql<{ workflow: { versions: { version: number; definition: WorkflowDefinition }[] } }>({
      apiKey,
      query: 'query($key: String!) { workflow(key: $key) { ... on Workflow { versions { version definition } } } }',
      variables: { key: WORKFLOW },
    });
    const version2 = published.workflow.versions.find((version) => version.version === 2)?.definition;
    expect(version2?.initialStage).toBe('new_lead');
    expect(version2?.assignment?.capacity?.stages).toEqual(['new_lead']);
  });

  it('adds a stage dragged from the palette where it is dropped', async () => {
    await page.getByTestId('migration-wizard').getByRole('button', { name: 'Close' }).click();
    const canvas = await page.locator('.react-flow').boundingBox();
    if (!canvas) throw new Error('the canvas is not on screen');
    const drop = { x: canvas.width - 200, y: 90 };
    await page.getByTestId('palette-won').dragTo(page.locator('.react-flow__pane'), { targetPosition: drop });
    await stage('won').waitFor();
    const box = await stage('won').boundingBox();
    if (!box) throw new Error('the dropped stage is not on screen');
    // Centred on the pointer, within the canvas's 20 px grid (at the canvas's zoom).
    expect(Math.abs(box.x + box.width / 2 - (canvas.x + drop.x))).toBeLessThan(20);
    expect(Math.abs(box.y + box.height / 2 - (canvas.y + drop.y))).toBeLessThan(20);
    await shot('palette-dropped');
  });
  it('edits a stage’s guidance and probability policy, a timer counted from the last activity, and a transition’s approval in forms', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await stage('opportunity').click();
    await page.getByTestId('stage-probability-override').selectOption('keep');
    const guidance = page.getByTestId('guidance-editor');
    await guidance.scrollIntoViewIfNeeded();
    await page.getByTestId('guidance-text-en').fill('Book a demo with the decision maker.');
    await page.getByTestId('guidance-text-zh-Hans').fill('与决策人预约演示。');
    await page.getByTestId('guidance-text-zh-Hant').fill('與決策者預約示範。');
    await page.getByTestId('guidance-key-fields').getByLabel('product').check();
    await page.getByTestId('guidance-key-fields').getByLabel('amount').check();
    await shot('guidance-form');
    expect(await clipped()).toEqual({ overflow: 0, cut: [], narrow: [] });
    await stage('new_lead').click();
    await page.getByTestId('timer-idle_lead-from').selectOption('last_activity');
    await page.getByTestId('timer-idle_lead').scrollIntoViewIfNeeded();
    await shot('timer-from');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await edge('win:opportunity').click();
    await page.getByTestId('approval-needed').check();
    await page.getByTestId('approval-roles').getByLabel('Manager').check();
    await page.getByTestId('approval-owner-manager').uncheck();
    await page.getByTestId('approval-editor').scrollIntoViewIfNeeded();
    await shot('approval-form');
    expect(await clipped()).toEqual({ overflow: 0, cut: [], narrow: [] });
    await page.getByTestId('save-draft').click();
    await expect
      .poll(async () => {
        const draft = await savedDraft();
        const opportunity = draft.stages.find((each) => each.key === 'opportunity');
        return {
          guidance: opportunity?.guidance,
          probabilityOverride: opportunity?.probabilityOverride,
          timerFrom: draft.stages.find((each) => each.key === 'new_lead')?.timers?.[0]?.from,
          approval: draft.transitions.find((transition) => transition.key === 'win')?.approval,
        };
      })
      .toEqual({
        guidance: {
          text: { en: 'Book a demo with the decision maker.', 'zh-Hans': '与决策人预约演示。', 'zh-Hant': '與決策者預約示範。' },
          keyFields: ['product', 'amount'],
        },
        probabilityOverride: 'keep',
        timerFrom: 'last_activity',
        approval: { roles: ['manager'] },
      });
    // The stage dropped from the palette is still unreachable; nothing the new forms wrote is a problem.
    await expect.poll(() => page.getByTestId('diagnostics').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('errors: 1');
    expect(await page.getByTestId('diagnostics').textContent()).not.toMatch(/\/(guidance|probabilityOverride|timers|approval)/);
  });
  it('edits the scoring in a form (maximum, a fit rule with its condition, an engagement rule fading with a half-life) and the probability policy', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    const editor = page.getByTestId('scoring-editor');
    await editor.scrollIntoViewIfNeeded();
    await page.getByTestId('scoring-on').check();
    await page.getByTestId('scoring-max').fill('120');
    await page.getByTestId('scoring-add-fit').click();
    await page.getByTestId('fit-when-fit_rule-add').click();
    await page.getByTestId('fit-points-fit_rule').fill('25');
    await page.getByTestId('scoring-add-engagement').click();
    await page.getByTestId('engagement-outcomes-engagement_rule').getByLabel('Answered', { exact: true }).check();
    await page.getByTestId('engagement-points-engagement_rule').fill('5');
    await page.getByTestId('engagement-decays-engagement_rule').check();
    await page.getByTestId('engagement-half-life-engagement_rule').fill('14 days');
    await page.getByTestId('engagement-half-life-engagement_rule').press('Enter');
    await page.getByTestId('probability-policy-override').selectOption('reset');
    await page.getByTestId('probability-policy-roles').getByLabel('Manager').check();
    await page.getByTestId('engagement-rule-engagement_rule').scrollIntoViewIfNeeded();
    await shot('scoring-form');
    expect(await clipped()).toEqual({ overflow: 0, cut: [], narrow: [] });
    await page.getByTestId('save-draft').click();
    await expect
      .poll(async () => {
        const draft = await savedDraft();
        return { scoring: draft.scoring, probabilities: draft.probabilities };
      })
      .toEqual({
        scoring: {
          max: 120,
          fit: [
            {
              key: 'fit_rule',
              name: { en: 'New fit rule', 'zh-Hans': '新匹配度规则', 'zh-Hant': '新契合度規則' },
              when: { and: [{ '!!': [{ var: 'name' }] }] },
              points: 25,
            },
          ],
          engagement: [
            {
              key: 'engagement_rule',
              name: { en: 'New engagement rule', 'zh-Hans': '新互动规则', 'zh-Hant': '新互動規則' },
              activity: 'call',
              outcomes: ['answered'],
              points: 5,
              halfLife: 'P14D',
            },
          ],
        },
        probabilities: { override: 'reset', setRoles: ['manager'] },
      });
    expect(await page.getByTestId('diagnostics').textContent()).not.toMatch(/\/(scoring|probabilities)/);
  });
  it('adds a pipeline with its own win probability for a stage, the others left to the stage', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.getByTestId('pipelines-editor').scrollIntoViewIfNeeded();
    await page.getByTestId('pipeline-add').click();
    await page.getByTestId('pipeline-pipeline-probability-opportunity').fill('40');
    await page.getByTestId('pipeline-pipeline').scrollIntoViewIfNeeded();
    await shot('pipeline-probabilities');
    expect(await clipped()).toEqual({ overflow: 0, cut: [], narrow: [] });
    await page.getByTestId('save-draft').click();
    await expect
      .poll(async () => (await savedDraft()).pipelines)
      .toEqual([
        { key: 'pipeline', name: { en: 'New pipeline', 'zh-Hans': '新管道', 'zh-Hant': '新管道' }, entryStage: 'new_lead', probabilities: { opportunity: 40 } },
      ]);
    expect(await page.getByTestId('diagnostics').textContent()).not.toMatch(/\/pipelines/);
  });
});
