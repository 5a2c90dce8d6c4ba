import { join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { en } from '@funnel/designer';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import type { BrowserSuite } from './browser-suite';
import { SCREENSHOTS } from './browser-test-settings';
import { catalogKeys } from './catalog-text';
import { untranslatedText } from './untranslated-text';
import { seriousAxeFindings } from './serious-axe-findings';
import { type WorkPerson, type WorkTenant, workTenant } from './work-my-work-tenant';

/** The locales the manager's screens are tested in, as the language picker and the api name them. */
const MGR_LOCALES = {
  en: { locale: 'en', apiLocale: 'en' },
  'zh-Hans': { locale: 'zh-Hans', apiLocale: 'zh_Hans' },
  'zh-Hant': { locale: 'zh-Hant', apiLocale: 'zh_Hant' },
} as const;

export type MgrLocale = keyof typeof MGR_LOCALES;

/** A tenant with the standard trunk, a manager, salespeople reporting to them and a marketer who makes leads. */
export interface MgrTeam {
  tenant: WorkTenant;
  manager: WorkPerson;
  sales: WorkPerson[];
  marketer: WorkPerson;
}

/**
 * A manager's team in a new tenant: the manager (signing in with a password, in `locale`), salespeople under them
 * named `salesNames`, and a marketer with a key.
 * @example const team = await mgrTeam({ suite, name: 'Approvals en', locale: 'en', managerName: 'Mia Park', salesNames: ['Ann Lee'] });
 */
export async function mgrTeam(input: { suite: BrowserSuite; name: string; locale: MgrLocale; managerName: string; salesNames: string[] }): Promise<MgrTeam> {
  const tenant = await workTenant({ suite: input.suite, name: input.name });
  const apiLocale = MGR_LOCALES[input.locale].apiLocale;
  const manager = await tenant.person({ name: input.managerName, roles: ['manager'], locale: apiLocale });
  const sales: WorkPerson[] = [];
  for (const name of input.salesNames) sales.push(await tenant.person({ name, roles: ['sales'], locale: apiLocale, managerId: manager.id }));
  const marketer = await tenant.keyPerson({ name: 'Marketing', roles: ['marketing'] });
  return { tenant, manager, sales, marketer };
}

/**
 * An SQL of `owner`: a lead the marketer makes and qualifies, which the owner accepts (the one-week rule is armed).
 * @example const id = await sqlOf(team, ann, { name: 'Avery Stone', phone: '+1 555 0101' });
 */
export async function sqlOf(team: MgrTeam, owner: WorkPerson, fields: { name: string; phone: string } & Record<string, unknown>): Promise<string> {
  const id = await team.tenant.createLead(team.marketer, fields);
  await team.tenant.transition(team.marketer, id, 'qualify');
  expect(await team.tenant.transition(owner, id, 'accept')).toBe('sql');
  return id;
}

/** What a screen's step checks: a screenshot, and (unless told not to) no raw keys, English in Chinese, or axe findings. */
export function mgrSteps(input: { page: () => Page; prefix: string; locale: MgrLocale; identifiers: () => string[] }) {
  let step = 0;
  const messageKeys = catalogKeys(en);
  return {
    shoot: async (name: string) => {
      step += 1;
      await input
        .page()
        .screenshot({ path: join(SCREENSHOTS, `${input.locale}-${input.prefix}-${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
    },
    /** The screen at 1024×768 too: a screenshot, and nothing wider than the window (the board scrolls in its own box). */
    fitsNarrow: async (name: string) => {
      const page = input.page();
      const wide = page.viewportSize();
      await page.setViewportSize({ width: 1024, height: 768 });
      step += 1;
      await page.screenshot({ path: join(SCREENSHOTS, `${input.locale}-${input.prefix}-${String(step).padStart(2, '0')}-${name}-1024.png`), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
      if (wide) await page.setViewportSize(wide);
    },
    speaksTheLocale: async (screen: string) => {
      const identifiers = input.identifiers().flatMap((name) => name.split(' '));
      const { rawKeys, english } = await untranslatedText({ page: input.page(), messageKeys, identifiers });
      expect(rawKeys, `message keys shown raw on ${screen}`).toEqual([]);
      if (input.locale !== 'en') expect(english, `English on ${screen} in ${input.locale}`).toEqual([]);
      expect(await seriousAxeFindings(input.page()), `axe findings on ${screen} in ${input.locale}`).toEqual([]);
    },
  };
}

/**
 * The team's salesperson at `index`, in the order their names were given.
 * @example const ann = salesperson(team, 0);
 */
export function salesperson(team: MgrTeam, index: number): WorkPerson {
  const person = team.sales[index];
  if (!person) throw new Error(`the team has no salesperson ${index}`);
  return person;
}

/**
 * Publishes the standard trunk template as `change` leaves it (a capacity, an approval): a new version of the team's
 * trunk, or a workflow of its own where `change` gives it another key.
 * @example await publishTrunk(team, (definition) => { definition.assignment = { ...definition.assignment, capacity: { max: 5 } }; });
 */
export async function publishTrunk(team: MgrTeam, change: (definition: WorkflowDefinition) => void): Promise<void> {
  const { tenant } = team;
  const definition = structuredClone(getTemplate('standard_trunk').definition) as WorkflowDefinition;
  change(definition);
  const saved = await tenant.gql(tenant.adminKey, 'mutation($i: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $i) { __typename } }', {
    i: { key: definition.key, definition },
  });
  expect(saved.saveWorkflowDraft.__typename, JSON.stringify(saved)).toBe('Workflow');
  const published = await tenant.gql(tenant.adminKey, 'mutation($k: String!) { publishWorkflow(input: { key: $k }) { __typename } }', { k: definition.key });
  expect(published.publishWorkflow.__typename, JSON.stringify(published)).toBe('WorkflowVersion');
}
