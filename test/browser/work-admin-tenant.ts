import { join } from 'node:path';
import { beforeAll, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { en } from '@funnel/designer';
import type { BrowserSuite } from './browser-suite';
import { SCREENSHOTS } from './browser-test-settings';
import { catalogKeys } from './catalog-text';
import { untranslatedText } from './untranslated-text';
import { seriousAxeFindings } from './serious-axe-findings';
import { type WorkPerson, type WorkTenant, workTenant } from './work-my-work-tenant';

/** A user as the store holds it, read through the api. */
interface StoredUser {
  id: string;
  name: string;
  email: string | null;
  roles: string[];
  status: string;
  active: boolean;
  managerId: string | null;
  availability: { awayFrom: string; awayUntil: string } | null;
}

/** A tenant on the standard trunk with an admin who signs in with a password, for the People and Apps screens. */
export interface AdminTenant {
  tenant: WorkTenant;
  admin: WorkPerson;
  /** Everyone in the tenant, as the store holds them. */
  users: () => Promise<StoredUser[]>;
  /** The newest audit entries (action, target, actor, changed fields after), as the store holds them. */
  audit: () => Promise<{ action: string; targetId: string; actor: { userId: string | null }; after: Record<string, unknown> | null }[]>;
}

/**
 * A new tenant for the admin's screens: the standard trunk, an admin with a password in `locale`.
 * @example const { tenant, admin, users } = await adminTenant({ suite, name: 'People en', adminName: 'Ada Admin', locale: 'en' });
 */
export async function adminTenant(input: { suite: BrowserSuite; name: string; adminName: string; locale: 'en' | 'zh_Hans' | 'zh_Hant' }): Promise<AdminTenant> {
  const tenant = await workTenant({ suite: input.suite, name: input.name });
  const admin = await tenant.person({ name: input.adminName, roles: ['admin'], locale: input.locale });
  return {
    tenant,
    admin,
    users: async () => {
      const read = await tenant.gql<{ users: { edges: { node: StoredUser }[] } }>(
        tenant.adminKey,
        '{ users(first: 100) { edges { node { id name email roles status active managerId availability { awayFrom awayUntil } } } } }',
      );
      return read.users.edges.map((edge) => edge.node);
    },
    audit: async () => {
      const read = await tenant.gql(tenant.adminKey, '{ auditLog(first: 20) { edges { node { action targetId actor { userId } after } } } }');
      return read.auditLog.edges.map((edge: { node: unknown }) => edge.node);
    },
  };
}

const MESSAGE_KEYS = catalogKeys(en);
/** The smaller window every screen must work in. */
const NARROW = { width: 1024, height: 768 };

/**
 * What a screen test does after each step: a full-page screenshot `<prefix>-<nn>-<name>.png`, and on request the
 * checks that the screen speaks the locale (no raw keys; no English outside `identifiers` in Chinese) and that
 * axe-core finds nothing serious or critical.
 * @example const screens = adminScreens({ page: () => page, prefix: 'en-people', locale: 'en', identifiers }); await screens.shoot('invited', { check: true });
 */
export function adminScreens(input: { page: () => Page; prefix: string; locale: string; identifiers: readonly string[] }) {
  let step = 0;
  const check = async (screen: string) => {
    const page = input.page();
    const { rawKeys, english } = await untranslatedText({ page, messageKeys: MESSAGE_KEYS, identifiers: input.identifiers });
    expect(rawKeys, `message keys shown raw on ${screen}`).toEqual([]);
    if (input.locale !== 'en') expect(english, `English on ${screen} in ${input.locale}`).toEqual([]);
    expect(await seriousAxeFindings(page), `axe findings on ${screen} in ${input.locale}`).toEqual([]);
  };
  return {
    /** The screen at 1024×768 too: nothing wider than the window (a table may scroll in its own box), then back. */
    shootNarrow: async (name: string) => {
      const page = input.page();
      const wide = page.viewportSize();
      await page.setViewportSize(NARROW);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `the page's width at 1024×768 on ${name}`).toBeLessThanOrEqual(NARROW.width);
      step += 1;
      await page.screenshot({ path: join(SCREENSHOTS, `${input.prefix}-${String(step).padStart(2, '0')}-${name}-1024.png`) });
      if (wide) await page.setViewportSize(wide);
    },
    shoot: async (name: string, options: { check?: boolean } = {}) => {
      step += 1;
      await input.page().screenshot({ path: join(SCREENSHOTS, `${input.prefix}-${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
      if (options.check) await check(name);
    },
  };
}

/** The words of names, emails and addresses shown as they are (split into the words the untranslated check sees). */
function identifierWords(...texts: string[]): string[] {
  return texts.flatMap((text) => text.split(/[^A-Za-z'’-]+/)).filter(Boolean);
}

/** The Chinese locales each admin screen is checked in, with the names its people have there. */
export const CHINESE_ADMINS = [
  { locale: 'zh-Hans', apiLocale: 'zh_Hans', admin: '王管理', person: '陈静' },
  { locale: 'zh-Hant', apiLocale: 'zh_Hant', admin: '王管理', person: '陳靜' },
] as const;

/** What a describe over one of CHINESE_ADMINS works with, once its beforeAll ran. */
export interface AdminInLocale {
  page: Page;
  admin: AdminTenant;
  person: WorkPerson;
  screens: ReturnType<typeof adminScreens>;
}

/**
 * Registers, in the calling describe, a page and a beforeAll that make a tenant with an admin and a salesperson in a
 * Chinese locale and the screen checks of `screen`; names, emails and `identifiers` (data shown as it is: key names,
 * addresses) are allowed in Latin letters. Read what it made from the returned function in hooks and tests.
 * @example const made = adminInLocale({ suite, screen: 'apps', expected, identifiers: () => [] }); it('…', async () => { const { page } = made(); });
 */
export function adminInLocale(input: {
  suite: BrowserSuite;
  screen: string;
  expected: (typeof CHINESE_ADMINS)[number];
  identifiers: () => string[];
}): () => AdminInLocale {
  const { suite, screen, expected } = input;
  const openedPage = suite.pageFor(`${expected.locale}-${screen}`);
  let made: AdminInLocale | undefined;
  beforeAll(async () => {
    const page = openedPage();
    const admin = await adminTenant({ suite, name: `${screen} ${expected.locale}`, adminName: expected.admin, locale: expected.apiLocale });
    const person = await admin.tenant.person({ name: expected.person, roles: ['sales'], locale: expected.apiLocale });
    // The tests' tenant names its first admin "Admin" and its keys "first admin key" and "… in tests".
    const identifiers = identifierWords(admin.admin.email, person.email, 'Admin in tests', 'first admin key', ...input.identifiers());
    made = { page, admin, person, screens: adminScreens({ page: () => page, prefix: `${expected.locale}-${screen}`, locale: expected.locale, identifiers }) };
  });
  return () => {
    if (!made) throw new Error('adminInLocale is read before its beforeAll ran');
    return made;
  };
}
