import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite } from './browser-suite';
import { DAY_MS, SCREENSHOTS, startForDeadlineTomorrow } from './browser-test-settings';
import { dragCardWithMouse } from './drag-card-with-mouse';
import { overflowingSideways } from './overflowing-sideways';
import { signInAsPerson, type StoredWorkEvent, type WorkPerson, type WorkTenant, workTenant } from './work-my-work-tenant';

// A salesperson's day in a real browser against the real api, screen after screen: signed in with the password set
// from the invitation; My work warns that a lead goes back to the pool tomorrow; its record page logs an unanswered
// call with a follow-up for tomorrow; on the board an SQL dragged with the mouse to Opportunity asks for product,
// seats and company and moves; the record page asks for an extension, with the deadline before and after; the pool
// gives a recycled lead to the salesperson; its former owner, signed in, is refused by the cool-down and told until
// when. After every step the test reads what the store then holds through GraphQL (stage, owner, the event and its
// actor) and photographs the screen. In English and in Simplified Chinese at 1280×800; My work and a call at 390×844.

const suite = browserSuite();
const HOUR_MS = 60 * 60 * 1000;
/** The actor the store logs for what a record's timer does (its warning, its recycling). */
const TIMER_ACTOR = 'system:timer';
/** The tenant's people work in UTC (the tenant helper invites them so): dates on the screen are UTC dates. */
const TIME_ZONE = 'UTC';
/** The one-week rule's extension policy pushes the deadline back by seven days; the pool's cool-down is seven days. */
const EXTENSION_MS = 7 * DAY_MS;
const COOLDOWN_MS = 7 * DAY_MS;

/** A locale the day runs in, the names in it, and what the screens say. */
interface DayInLocale {
  locale: 'en' | 'zh-Hans';
  apiLocale: 'en' | 'zh_Hans';
  people: { seller: string; colleague: string };
  /** The warned lead, the SQL dragged to Opportunity, the recycled lead claimed, the one its former owner may not claim. */
  leads: { warned: string; dragged: string; claimed: string; refused: string };
  signedInAs: (name: string) => string;
  backToPool: string;
  warned: string;
  callUnanswered: string;
  callLogged: string;
  /** The dialog's words for the fields the move asks for, and its button. */
  fields: { product: string; seats: string; company: string };
  required: (field: string) => string;
  move: string;
  moved: (name: string) => string;
  extensionRequested: RegExp;
  claimed: (name: string) => string;
  cooldown: (name: string, until: string) => string;
}

const DAYS: readonly DayInLocale[] = [
  {
    locale: 'en',
    apiLocale: 'en',
    people: { seller: 'Ann Lee', colleague: 'Bo Chen' },
    leads: { warned: 'Avery Stone', dragged: 'Acme Rollout', claimed: 'Casey Lin', refused: 'Blake Rivera' },
    signedInAs: (name) => `Signed in as ${name}`,
    backToPool: 'Back to the pool tomorrow',
    warned: 'Warned',
    callUnanswered: 'Call: no answer',
    callLogged: 'Call logged.',
    fields: { product: 'Product', seats: 'Seats', company: 'Company name' },
    required: (field) => `${field} is required`,
    move: 'Move',
    moved: (name) => `Moved ${name} to Opportunity`,
    extensionRequested: /Extension of One-week rule requested/,
    claimed: (name) => `${name} is yours now, in Lead. Open ${name}`,
    cooldown: (name, until) => `You owned ${name} before it went back to the pool: you may claim it again from ${until} (cool-down).`,
  },
  {
    locale: 'zh-Hans',
    apiLocale: 'zh_Hans',
    people: { seller: '李梅', colleague: '陈博' },
    leads: { warned: '王芳', dragged: '刘洋', claimed: '赵磊', refused: '李强' },
    signedInAs: (name) => `当前登录：${name}`,
    backToPool: '明天收归公海',
    warned: '已提醒',
    callUnanswered: '电话：未接通',
    callLogged: '已记录电话。',
    fields: { product: '产品', seats: '席位数', company: '公司名称' },
    required: (field) => `${field} 为必填项`,
    move: '移动',
    moved: (name) => `已将 ${name} 移至 商机`,
    extensionRequested: /已申请延期：一周规则/,
    claimed: (name) => `${name} 已归您所有，当前阶段：线索。 打开 ${name}`,
    cooldown: (name, until) => `${name} 收归公海前由您负责：冷却期内不能领取，${until} 起可再次领取。`,
  },
];

/** A moment as the screens write it for the person: medium date and short time, in their language and time zone. */
function shownDateTime(at: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(at));
}

/** Nine o'clock tomorrow in the person's time zone, as the log-activity form's "tomorrow" sets the follow-up. */
function nineTomorrow(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 9)).toISOString();
}

describe.each(DAYS)("a salesperson's day, in $locale", (day) => {
  const { locale } = day;
  const openedPage = suite.pageFor(`${locale}-work-day`);
  let page: Page;
  let tenant: WorkTenant;
  let seller: WorkPerson;
  let colleague: WorkPerson;
  let ids: Record<keyof DayInLocale['leads'], string>;
  let step = 0;

  const shoot = async (name: string) => {
    step += 1;
    await page.screenshot({ path: join(SCREENSHOTS, `${locale}-work-day-${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  const last = async (id: string, type?: string): Promise<StoredWorkEvent | undefined> =>
    (await tenant.history(id)).filter((event) => type === undefined || event.type === type).at(-1);
  const openRecord = async (id: string) => {
    await page.goto(`${suite.funnel.url}/#/records/${id}`);
    await page.getByTestId('stage-path').waitFor();
  };
  const openPool = async () => {
    await page.goto(`${suite.funnel.url}/#/workflows/standard_trunk/pool`);
    await page.getByTestId('pool-table').waitFor();
  };
  const poolRow = (id: string) => page.locator(`[data-testid=pool-row][data-record-id="${id}"]`);
  /** Logs an unanswered call with the follow-up for tomorrow on the open record page, as a person fills the form. */
  const logUnansweredCall = async (note?: string) => {
    await page.locator('input[name=activity-type][value=call]').check();
    await page.locator('input[name=call-outcome][value=unanswered]').check();
    if (note) await page.locator('#activity-note').fill(note);
    await page.locator('.record-follow-up button').click();
    await page.locator('.record-activity button[type=submit]').click();
  };

  beforeAll(async () => {
    for (const file of readdirSync(SCREENSHOTS).filter((name) => name.startsWith(`${locale}-work-day-`))) rmSync(join(SCREENSHOTS, file));
    page = openedPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    tenant = await workTenant({ suite, name: `Day ${locale}` });
    seller = await tenant.person({ name: day.people.seller, roles: ['sales'], locale: day.apiLocale });
    colleague = await tenant.person({ name: day.people.colleague, roles: ['sales'], locale: day.apiLocale });
    const marketer = await tenant.keyPerson({ name: 'Marketing', roles: ['marketing'] });
    const sqlOf = (owner: WorkPerson, at: number, fields: Record<string, unknown>) => tenant.sqlAt({ at, by: marketer, owner, fields });
    // The browser's now is the real time. The colleague took two SQLs eight days before it, which the one-week rule
    // took back to the pool an hour ago; the seller took one whose deadline falls on tomorrow's date a day and a bit
    // after the browser's now (startForDeadlineTomorrow), warned at the tenant's now (two hours ahead); and an
    // SQL with a verified company but no product, seats or company name, taken five days before.
    const now = Date.now();
    const claimed = await sqlOf(colleague, now - 8 * DAY_MS, { name: day.leads.claimed, phone: '+86 10 5555 0301' });
    const refused = await sqlOf(colleague, now - 8 * DAY_MS, { name: day.leads.refused, phone: '+86 10 5555 0302' });
    const warned = await sqlOf(seller, startForDeadlineTomorrow(now), { name: day.leads.warned, phone: '+86 10 5555 0303' });
    const dragged = await sqlOf(seller, now - 5 * DAY_MS, { name: day.leads.dragged, email: 'buyer@acme.example', companyVerified: true, amount: 12_000 });
    await tenant.setClock(now - HOUR_MS);
    expect(await tenant.runDueTimers()).toBeGreaterThanOrEqual(2);
    await tenant.setClock(now + 2 * HOUR_MS);
    expect(await tenant.runDueTimers()).toBeGreaterThanOrEqual(1);
    // The day itself runs at the browser's time, so that what the screens say of the day's steps ("2 hours ago") is so.
    await tenant.setClock(Date.now());
    ids = { warned, dragged, claimed, refused };
  });

  it('signs in on the sign-in form with the password set from the invitation', async () => {
    await signInAsPerson({ page, url: suite.funnel.url, slug: tenant.slug, person: seller, locale });
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe(day.signedInAs(day.people.seller));
    // The store: the seller's lead is still theirs in SQL, its last event the one-week rule's warning, by the timer.
    expect(await tenant.record(ids.warned)).toMatchObject({ stage: 'sql', ownerId: seller.id });
    expect(await last(ids.warned)).toMatchObject({ type: 'timer_warned', actorId: TIMER_ACTOR });
    await shoot('signed-in');
  });

  it('shows on My work the lead warned "back to the pool tomorrow", first', async () => {
    await page.goto(`${suite.funnel.url}/#/work`);
    const first = page.getByTestId('my-work-dueSoon').getByTestId('dueSoon-item').first();
    await expect.poll(() => first.getAttribute('data-record-id')).toBe(ids.warned);
    await expect.poll(() => first.getByTestId('due-when').textContent()).toBe(day.backToPool);
    expect(await first.textContent()).toContain(day.leads.warned);
    expect(await first.textContent()).toContain(day.warned);
    // The store: unchanged by looking — SQL, the seller's, the timer's warning the last event; the warning in their inbox.
    expect(await tenant.record(ids.warned)).toMatchObject({ stage: 'sql', ownerId: seller.id, nextFollowUpAt: null });
    expect(await last(ids.warned)).toMatchObject({ type: 'timer_warned', actorId: TIMER_ACTOR, detail: expect.objectContaining({ timer: 'one_week_rule' }) });
    const inbox = await tenant.gql<{ notifications: { edges: { node: { type: string; recordId: string | null } }[] } }>(
      seller.key,
      '{ notifications(first: 50) { edges { node { type recordId } } } }',
    );
    expect(inbox.notifications.edges.map((edge) => edge.node)).toContainEqual({ type: 'timer_warning', recordId: ids.warned });
    await shoot('my-work-warned');
  });

  it('opens the warned lead and logs an unanswered call with a follow-up for tomorrow', async () => {
    await page.getByTestId('dueSoon-item').first().locator('a').click();
    await page.getByTestId('stage-path').waitFor();
    expect(await page.getByTestId('record-name').textContent()).toBe(day.leads.warned);
    await logUnansweredCall('Voicemail');
    const tomorrow = nineTomorrow();
    await expect.poll(async () => (await tenant.record(ids.warned)).nextFollowUpAt).toBe(tomorrow);
    // The store: still the seller's SQL, with the call logged by them and the follow-up tomorrow at nine.
    expect(await tenant.record(ids.warned)).toMatchObject({ stage: 'sql', ownerId: seller.id });
    const call = await last(ids.warned, 'activity_logged');
    expect(call).toMatchObject({ actorId: seller.id });
    expect(call?.detail.activity).toMatchObject({ type: 'call', outcome: 'unanswered', note: 'Voicemail' });
    expect(await last(ids.warned)).toMatchObject({ type: 'follow_up_set', actorId: seller.id });
    // The screen: said, in the timeline with the seller's name, and the follow-up in the header.
    await expect.poll(() => page.getByTestId('record-status').textContent()).toBe(day.callLogged);
    const logged = page.locator('[data-testid=timeline] li[data-event=activity_logged]').first();
    await expect.poll(() => logged.textContent()).toContain(day.callUnanswered);
    expect(await logged.textContent()).toContain(day.people.seller);
    expect(await page.getByTestId('record-follow-up').textContent()).toContain(new Date(tomorrow).getUTCDate().toString());
    await shoot('call-logged');
  });

  it('drags an SQL to Opportunity on the board: asked for product, seats and company, filled, moved', async () => {
    await page.goto(`${suite.funnel.url}/#/workflows/standard_trunk/board`);
    const card = page.getByTestId('column-sql').locator(`[data-card-name="${day.leads.dragged}"]`);
    await card.waitFor();
    await dragCardWithMouse({ page, card, column: page.getByTestId('column-opportunity') });
    const dialog = page.getByTestId('transition-dialog');
    await dialog.getByTestId('transition-blockers').waitFor();
    const { product, seats, company } = day.fields;
    expect(await dialog.getByTestId('transition-blockers').locator('li').allTextContents()).toEqual(
      expect.arrayContaining([day.required(product), day.required(seats), day.required(company)]),
    );
    // The store: nothing moved yet.
    expect(await tenant.record(ids.dragged)).toMatchObject({ stage: 'sql', ownerId: seller.id });
    expect(await last(ids.dragged, 'transitioned')).toMatchObject({ to: 'sql', actorId: seller.id });
    await shoot('board-asked-for-fields');

    await dialog.getByLabel(product, { exact: true }).fill('Funnel Pro');
    await dialog.getByLabel(seats, { exact: true }).fill('25');
    await dialog.getByLabel(company, { exact: true }).fill('Acme GmbH');
    await dialog.getByRole('button', { name: day.move, exact: true }).click();
    await page.getByTestId('column-opportunity').locator(`[data-card-name="${day.leads.dragged}"]`).waitFor();
    await expect.poll(() => page.getByTestId('board-said').textContent()).toBe(day.moved(day.leads.dragged));
    expect(await dialog.count()).toBe(0);
    // The store: an opportunity, still the seller's, with what they filled in, moved by them.
    const stored = await tenant.record(ids.dragged);
    expect(stored).toMatchObject({ stage: 'opportunity', ownerId: seller.id });
    expect(stored.fields).toMatchObject({ product: 'Funnel Pro', seats: 25, companyName: 'Acme GmbH' });
    expect(await last(ids.dragged, 'transitioned')).toMatchObject({ from: 'sql', to: 'opportunity', actorId: seller.id });
    await shoot('board-moved');
  });

  it('asks for an extension on the record page, with the deadline before and after shown', async () => {
    await openRecord(ids.warned);
    const before = (await tenant.record(ids.warned)).timers.find((timer) => timer.key === 'one_week_rule');
    expect(before?.extensionRequestedAt).toBeNull();
    const dueAt = Date.parse(before?.dueAt ?? '');
    const shown = page.locator('[data-timer=one_week_rule]');
    expect(await shown.getByTestId('deadline-now').textContent()).toBe(shownDateTime(dueAt, locale));
    expect(await shown.getByTestId('deadline-after').textContent()).toBe(shownDateTime(dueAt + EXTENSION_MS, locale));
    await shoot('extension-before');
    await shown.locator('button').click();
    await shown.getByTestId('extension-pending').waitFor();
    // The store: the request by the seller, the record still their SQL until a manager decides.
    const after = await tenant.record(ids.warned);
    expect(after).toMatchObject({ stage: 'sql', ownerId: seller.id });
    expect(after.timers.find((timer) => timer.key === 'one_week_rule')).toMatchObject({
      extensionRequestedAt: expect.any(String),
      extensionRequestedById: seller.id,
    });
    expect(await last(ids.warned)).toMatchObject({ type: 'extension_requested', actorId: seller.id });
    await expect.poll(() => page.locator('[data-testid=timeline] li[data-event=extension_requested]').first().textContent()).toMatch(day.extensionRequested);
    await shoot('extension-requested');
  });

  it('claims a recycled lead from the pool', async () => {
    await openPool();
    const row = poolRow(ids.claimed);
    expect(await row.textContent()).toContain(day.people.colleague);
    expect(await tenant.record(ids.claimed)).toMatchObject({ stage: 'pool', ownerId: null, pool: { previousOwnerId: colleague.id } });
    await shoot('pool');
    await row.getByTestId('claim').click();
    await expect.poll(() => page.getByTestId('claim-status').textContent()).toBe(day.claimed(day.leads.claimed));
    await expect.poll(() => poolRow(ids.claimed).count()).toBe(0);
    // The store: the seller's lead now, claimed by them out of the pool.
    expect(await tenant.record(ids.claimed)).toMatchObject({ stage: 'lead', ownerId: seller.id, pool: null });
    expect(await last(ids.claimed, 'claimed')).toMatchObject({ actorId: seller.id, from: 'pool', to: 'lead' });
    expect(await last(ids.claimed)).toMatchObject({ type: 'owner_changed', to: seller.id, actorId: seller.id });
    await shoot('claimed');
  });

  it('refuses the former owner of a recycled lead by the cool-down, and says until when', async () => {
    await signInAsPerson({ page, url: suite.funnel.url, slug: tenant.slug, person: colleague, locale });
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe(day.signedInAs(day.people.colleague));
    await openPool();
    const history = await tenant.history(ids.refused);
    const recycled = history.filter((event) => event.type === 'transitioned').at(-1);
    expect(recycled).toMatchObject({ to: 'pool', actorId: TIMER_ACTOR });
    await poolRow(ids.refused).getByTestId('claim').click();
    const until = shownDateTime(Date.parse(recycled?.at ?? '') + COOLDOWN_MS, locale);
    await expect.poll(() => page.getByTestId('claim-refusal').textContent()).toBe(day.cooldown(day.leads.refused, until));
    // The store: nothing changed — in the pool, nobody's, no event since the timer's recycling.
    expect(await tenant.record(ids.refused)).toMatchObject({ stage: 'pool', ownerId: null, pool: { previousOwnerId: colleague.id } });
    expect(await tenant.history(ids.refused)).toEqual(history);
    expect(await poolRow(ids.refused).count()).toBe(1);
    await shoot('cool-down-refused');
  });

  it('works at 390×844: My work, and a call logged from the phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await signInAsPerson({ page, url: suite.funnel.url, slug: tenant.slug, person: seller, locale });
      await page.goto(`${suite.funnel.url}/#/work`);
      const first = page.getByTestId('my-work-dueSoon').getByTestId('dueSoon-item').first();
      await expect.poll(() => first.getAttribute('data-record-id')).toBe(ids.warned);
      await expect.poll(() => first.getByTestId('due-when').textContent()).toBe(day.backToPool);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await tenant.record(ids.warned)).toMatchObject({ stage: 'sql', ownerId: seller.id });
      await shoot('phone-my-work');

      await first.locator('a').click();
      await page.getByTestId('stage-path').waitFor();
      const calls = (await tenant.history(ids.warned)).filter((event) => event.type === 'activity_logged').length;
      await logUnansweredCall();
      await expect.poll(async () => (await tenant.history(ids.warned)).filter((event) => event.type === 'activity_logged').length).toBe(calls + 1);
      // The store: the second call, by the seller, on their SQL.
      expect(await tenant.record(ids.warned)).toMatchObject({ stage: 'sql', ownerId: seller.id, nextFollowUpAt: nineTomorrow() });
      const call = await last(ids.warned, 'activity_logged');
      expect(call).toMatchObject({ actorId: seller.id });
      expect(call?.detail.activity).toMatchObject({ type: 'call', outcome: 'unanswered' });
      // Said where the person is: the status in view on the phone's screen, nothing wider than it.
      await expect.poll(() => page.getByTestId('record-status').textContent()).toBe(day.callLogged);
      const said = await page.getByTestId('record-status').boundingBox();
      expect(said?.y).toBeGreaterThanOrEqual(0);
      expect((said?.y ?? 844) + (said?.height ?? 0)).toBeLessThanOrEqual(844);
      expect(await overflowingSideways(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `${locale}-work-day-${String(step + 1).padStart(2, '0')}-phone-call-logged.png`) });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
