import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en } from '@funnel/designer';
import { browserSuite } from './browser-suite';
import { SCREENSHOTS } from './browser-test-settings';
import { catalogKeys } from './catalog-text';
import { overflowingSideways } from './overflowing-sideways';
import { untranslatedText } from './untranslated-text';
import { seriousAxeFindings } from './serious-axe-findings';
import { type RecordTenant, SALES_TIME_ZONE, seedRecordTenant, signInAsSalesperson } from './work-record-seed';

// A salesperson's record page, in a real browser against the real api: the stage path and the stage's guidance; a
// field edited in place (an invalid value refused in words before anything is sent, a valid one stored); an
// unanswered call logged with a follow-up for tomorrow; an extension asked for, with the deadline before and after;
// the record released to the pool with a reason; the timeline naming the person. After each step the store is read
// through GraphQL; each screen is photographed and checked with axe-core; the page and logging a call at 390×844.

const suite = browserSuite();
const MESSAGE_KEYS = catalogKeys(en);

/** A locale the day runs in and what the record page says in it. */
interface RecordPageInLocale {
  locale: 'en' | 'zh-Hans';
  apiLocale: 'en' | 'zh_Hans';
  salesName: string;
  sqlStage: string;
  poolStage: string;
  guidance: RegExp;
  seatsTooLow: string;
  fieldsSaved: string;
  callLogged: string;
  versionConflict: string;
  callUnanswered: string;
  extensionRequested: RegExp;
  released: string;
  poolReason: string;
}

const LOCALES: readonly RecordPageInLocale[] = [
  {
    locale: 'en',
    apiLocale: 'en',
    salesName: 'Ann Lee',
    sqlStage: 'SQL',
    poolStage: 'Public pool',
    guidance: /Call within a day/,
    seatsTooLow: 'Must be at least 1',
    fieldsSaved: 'Fields saved.',
    callLogged: 'Call logged.',
    versionConflict: 'Someone changed this record since you opened it. Reload it to see their change, then try again.',
    callUnanswered: 'Call: no answer',
    extensionRequested: /Extension of One-week rule requested/,
    released: 'Released to the public pool',
    poolReason: 'No need for now',
  },
  {
    locale: 'zh-Hans',
    apiLocale: 'zh_Hans',
    salesName: '李梅',
    sqlStage: '销售认可线索 (SQL)',
    poolStage: '公海',
    guidance: /一天内致电/,
    seatsTooLow: '不能小于 1',
    fieldsSaved: '字段已保存。',
    callLogged: '已记录电话。',
    versionConflict: '在您打开后，有人修改了这条记录。请重新加载查看其更改，然后再试。',
    callUnanswered: '电话：未接通',
    extensionRequested: /已申请延期：一周规则/,
    released: '已释放到公海',
    poolReason: '暂无需求',
  },
];

/**
 * Words of the data the page shows as typed, in any language: people's and companies' names, the admin's reason for
 * assigning, the source field's values (the definition gives them no names), examples in the problems' hints.
 */
const DATA_WORDS = [
  'Admin',
  'Manager',
  'Ann',
  'Lee',
  'Zhou',
  'Acme',
  'Ltd',
  'Accepted',
  'for',
  'them',
  'Voicemail',
  'Call',
  'again',
  'example',
  'com',
  'https',
  'CNY',
];
// The source field's values as the untranslated-text check splits them into words.
const SOURCE_WORDS = ['web', 'referral', 'event', 'cold', 'call', 'partner', 'third', 'party', 'list'];

const STORED = `query($id: ID!) { record(id: $id) { ... on Record {
  version stage ownerId fields nextFollowUpAt followUpNote pool { reason }
  timers { key dueAt extensionRequestedAt extensionRequestedById }
  history(last: 50) { edges { node { type actorId reason detail } } }
} } }`;

interface Stored {
  version: number;
  stage: string;
  ownerId: string | null;
  fields: Record<string, unknown>;
  nextFollowUpAt: string | null;
  followUpNote: string | null;
  pool: { reason: string | null } | null;
  timers: { key: string; dueAt: string; extensionRequestedAt: string | null; extensionRequestedById: string | null }[];
  history: { edges: { node: { type: string; actorId: string; reason: string | null; detail: Record<string, unknown> } }[] };
}

describe.each(LOCALES)('the record page in $locale', (expected) => {
  const { locale } = expected;
  const openedPage = suite.pageFor(`${locale}-work-record`);
  let page: Page;
  let tenant: RecordTenant;
  let recordId: string;

  const stored = async (id = recordId) => (await tenant.ask<{ record: Stored }>(STORED, { id })).record;
  const eventsOf = (record: Stored, type: string) => record.history.edges.map((edge) => edge.node).filter((node) => node.type === type);
  const status = () => page.getByTestId('record-status').textContent();
  /** Photographs the screen, and checks it with axe-core (and, in Chinese, for English and raw message keys). */
  const checkScreen = async (screen: string) => {
    await page.screenshot({ path: join(SCREENSHOTS, `${locale}-work-record-${screen}.png`), fullPage: true });
    // The app's shared header (the lead's skeleton: its nav links' colour, and at 390 px its overflow) is not this
    // page's: axe checks everything below it.
    expect(await seriousAxeFindings(page), `axe on ${screen} in ${locale}`).toEqual([]);
    const { rawKeys, english } = await untranslatedText({
      page,
      messageKeys: MESSAGE_KEYS,
      identifiers: [...DATA_WORDS, ...SOURCE_WORDS, expected.salesName, tenant.slug],
    });
    expect(rawKeys, `message keys shown raw on ${screen}`).toEqual([]);
    if (locale !== 'en') expect(english, `English on ${screen} in ${locale}`).toEqual([]);
  };

  beforeAll(async () => {
    page = openedPage();
    tenant = await seedRecordTenant({
      funnel: suite.funnel,
      smtp: suite.smtp,
      name: `Record ${locale}`,
      locale: expected.apiLocale,
      salesName: expected.salesName,
    });
    recordId = await tenant.sqlRecord({ name: 'Zhou Acme', email: 'zhou@acme.example', phone: '+86 10 5555 0199', companyName: 'Acme Ltd' });
    await suite.context.clearCookies();
    await signInAsSalesperson({ page, url: suite.funnel.url, tenant, locale });
  });

  it('opens a record: the stage path says where it is and what comes next, with the stage’s guidance and key fields', async () => {
    await page.goto(`${suite.funnel.url}/#/records/${recordId}`);
    await page.getByTestId('stage-path').waitFor();
    expect(await page.getByTestId('record-name').textContent()).toBe('Zhou Acme');
    expect(await page.getByTestId('record-stage').textContent()).toBe(expected.sqlStage);
    const now = page.locator('[data-testid=stage-path] [aria-current=step]');
    expect(await now.getAttribute('data-stage')).toBe('sql');
    // Every stage of the trunk is on the path, grouped by phase.
    expect(await page.locator('[data-testid=stage-path] [data-stage]').count()).toBe(9);
    expect(await page.getByTestId('guidance').textContent()).toMatch(expected.guidance);
    // Creating an opportunity is blocked until product, seats and a verified company are there: said in words.
    const create = page.locator('[data-transition=create_opportunity]');
    expect(await create.locator('li').count()).toBeGreaterThan(0);
    await checkScreen('01-opened');
  });

  it('edits a field in place: an invalid value is refused in words before sending, a valid one is stored', async () => {
    const before = await stored();
    await page.locator('#field-seats').fill('0');
    await page.locator('.record-fields button[type=submit]').click();
    await expect.poll(() => page.locator('#field-seats-error').textContent()).toBe(expected.seatsTooLow);
    expect(await page.locator('#field-seats').getAttribute('aria-describedby')).toBe('field-seats-error');
    await checkScreen('02-field-refused');
    const unchanged = await stored();
    expect(unchanged.version).toBe(before.version);
    expect(unchanged.fields.seats).toBeUndefined();

    await page.locator('#field-seats').fill('12');
    await page.locator('.record-fields button[type=submit]').click();
    await expect.poll(status).toBe(expected.fieldsSaved);
    await expect.poll(async () => (await stored()).fields.seats).toBe(12);
    expect(await page.locator('#field-seats-error').count()).toBe(0);
    const updated = eventsOf(await stored(), 'fields_updated');
    expect(updated.at(-1)?.actorId).toBe(tenant.sales.id);
    await checkScreen('03-field-saved');
  });

  it('says a version conflict in words, keeps what was typed, and stores it once the record is read again', async () => {
    // The admin verifies the company meanwhile: the page still holds the version before.
    const seen = await stored();
    await tenant.ask('mutation($input: UpdateRecordInput!) { updateRecord(input: $input) { __typename ... on Error { message } } }', {
      input: { id: recordId, expectedVersion: seen.version, fields: { companyVerified: true } },
    });
    await page.locator('#field-product').fill('CRM');
    await page.locator('.record-fields button[type=submit]').click();
    const refusal = page.locator('.record-fields .record-refusal');
    await expect.poll(() => refusal.locator('p').textContent()).toBe(expected.versionConflict);
    expect(await page.locator('#field-product').inputValue()).toBe('CRM');
    expect((await stored()).fields.product).toBeUndefined();
    await checkScreen('03b-version-conflict');
    await refusal.locator('button').click();
    await expect.poll(() => page.locator('#field-companyVerified').isChecked()).toBe(true);
    expect(await refusal.count()).toBe(0);
    await page.locator('.record-fields button[type=submit]').click();
    await expect.poll(async () => (await stored()).fields.product).toBe('CRM');
    // The save sent only what the person typed: the admin's change stands.
    expect((await stored()).fields.companyVerified).toBe(true);
  });

  it('logs an unanswered call with a follow-up for tomorrow in one step', async () => {
    await page.locator('input[name=activity-type][value=call]').check();
    await page.locator('input[name=call-outcome][value=unanswered]').check();
    await page.locator('#activity-note').fill('Voicemail');
    await page.locator('.record-follow-up button').click();
    await page.locator('#follow-up-note').fill('Call again');
    // Nine o'clock tomorrow in the person's time zone (Shanghai, UTC+8 all year), as the form's button sets it.
    const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: SALES_TIME_ZONE }).format(new Date()).split('-').map(Number) as [
      number,
      number,
      number,
    ];
    const tomorrow = new Date(Date.UTC(year, month - 1, day + 1, 9 - 8)).toISOString();
    expect(await page.locator('#follow-up-at').inputValue()).toBe(`${tomorrow.slice(0, 10)}T09:00`);
    await page.locator('.record-activity button[type=submit]').click();
    await expect.poll(async () => (await stored()).nextFollowUpAt).toBe(tomorrow);
    const record = await stored();
    expect(record.followUpNote).toBe('Call again');
    const call = eventsOf(record, 'activity_logged').at(-1);
    expect(call?.actorId).toBe(tenant.sales.id);
    expect(call?.detail.activity).toMatchObject({ type: 'call', outcome: 'unanswered', note: 'Voicemail' });
    await expect.poll(() => page.locator('[data-testid=timeline] li[data-event=activity_logged]').first().textContent()).toContain(expected.callUnanswered);
    // The form is emptied once logged; the header shows the follow-up.
    expect(await page.locator('#activity-note').inputValue()).toBe('');
    expect(await page.getByTestId('record-follow-up').textContent()).toContain('Call again');
    await checkScreen('04-call-logged');
  });

  it('asks for an extension, showing the deadline now and after it, and the store keeps the request', async () => {
    const timer = (await stored()).timers.find((candidate) => candidate.key === 'one_week_rule');
    expect(timer?.extensionRequestedAt).toBeNull();
    const shown = page.locator('[data-timer=one_week_rule]');
    // The deadline now and after the policy's seven days, in the person's time zone and language.
    const { now, after } = await page.evaluate(
      ({ dueAt, locale: language, timeZone }) => {
        const format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone });
        return { now: format.format(new Date(dueAt)), after: format.format(new Date(Date.parse(dueAt) + 7 * 86_400_000)) };
      },
      { dueAt: timer?.dueAt ?? '', locale, timeZone: SALES_TIME_ZONE },
    );
    expect(await shown.getByTestId('deadline-now').textContent()).toBe(now);
    expect(await shown.getByTestId('deadline-after').textContent()).toBe(after);
    expect(await shown.getByTestId('extensions-left').textContent()).toBe(locale === 'en' ? '2 of 2' : '2 / 2');
    await checkScreen('05-extension-before');
    await shown.locator('button').click();
    await shown.getByTestId('extension-pending').waitFor();
    const record = await stored();
    const requested = record.timers.find((candidate) => candidate.key === 'one_week_rule');
    expect(requested?.extensionRequestedAt).not.toBeNull();
    expect(requested?.extensionRequestedById).toBe(tenant.sales.id);
    expect(eventsOf(record, 'extension_requested').at(-1)?.actorId).toBe(tenant.sales.id);
    await expect
      .poll(() => page.locator('[data-testid=timeline] li[data-event=extension_requested]').first().textContent())
      .toMatch(expected.extensionRequested);
    await checkScreen('06-extension-requested');
  });

  it('releases the record to the pool with a reason from the pool’s list', async () => {
    await page.locator('#release-reason').selectOption('no_need');
    await page.locator('form[aria-labelledby=release-title] button[type=submit]').click();
    await expect.poll(async () => (await stored()).stage).toBe('pool');
    const record = await stored();
    expect(record.ownerId).toBeNull();
    expect(record.pool?.reason).toBe('no_need');
    expect(eventsOf(record, 'released').at(-1)).toMatchObject({ actorId: tenant.sales.id, reason: 'no_need' });
    await expect.poll(() => page.getByTestId('record-stage').textContent()).toBe(expected.poolStage);
    expect(await page.getByTestId('record-pool-reason').textContent()).toBe(expected.poolReason);
    await checkScreen('07-released');
  });

  it('lists every step in the timeline, newest first, with the person’s name', async () => {
    const items = page.locator('[data-testid=timeline] > li');
    await expect.poll(() => items.first().getAttribute('data-event')).not.toBe('activity_logged');
    const texts = await items.allTextContents();
    const released = texts.findIndex((text) => text.includes(expected.released));
    const call = texts.findIndex((text) => text.includes(expected.callUnanswered));
    const extension = texts.findIndex((text) => expected.extensionRequested.test(text));
    expect(released).toBeGreaterThanOrEqual(0);
    expect(extension).toBeGreaterThan(released);
    expect(call).toBeGreaterThan(extension);
    for (const index of [released, extension, call]) expect(texts[index]).toContain(expected.salesName);
    expect(texts[released]).toContain(expected.poolReason);
    await page.locator('[data-testid=timeline]').scrollIntoViewIfNeeded();
    await checkScreen('08-timeline');
  });

  it('works at 390×844: one column, no sideways scrolling, and a call logged from the phone', async () => {
    const phoneRecord = await tenant.sqlRecord({ name: 'Zhou Acme', phone: '+86 10 5555 0198', companyName: 'Acme Ltd' });
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${suite.funnel.url}/#/records/${phoneRecord}`);
      await page.getByTestId('stage-path').waitFor();
      expect(await overflowingSideways(page), 'the record page wider than the phone').toEqual([]);
      await checkScreen('09-phone');
      await page.locator('input[name=call-outcome][value=unanswered]').check();
      await page.locator('.record-follow-up button').click();
      await page.locator('.record-activity button[type=submit]').click();
      await expect.poll(async () => eventsOf(await stored(phoneRecord), 'activity_logged').length).toBe(1);
      const record = await stored(phoneRecord);
      expect(eventsOf(record, 'activity_logged')[0]?.detail.activity).toMatchObject({ type: 'call', outcome: 'unanswered' });
      expect(record.nextFollowUpAt).not.toBeNull();
      // The result is said where the person is: the status stays in view at the top of the phone's screen.
      await expect.poll(status).toBe(expected.callLogged);
      const said = await page.getByTestId('record-status').boundingBox();
      expect(said?.y).toBeGreaterThanOrEqual(0);
      expect((said?.y ?? 844) + (said?.height ?? 0)).toBeLessThanOrEqual(844);
      expect(await overflowingSideways(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `${locale}-work-record-10-phone-call-logged.png`) });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('lays the page out at 1024×768 in two columns without sideways scrolling', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    try {
      await page.goto(`${suite.funnel.url}/#/records/${recordId}`);
      await page.getByTestId('stage-path').waitFor();
      await page.getByTestId('timeline').waitFor();
      expect(await overflowingSideways(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `${locale}-work-record-11-1024.png`) });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
