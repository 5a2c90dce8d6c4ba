import { randomBytes } from 'node:crypto';
import { getTemplate, type Role } from '@funnel/schemas';
import { createRecord } from './create-record';
import { createTenant, createUser } from './create-tenant';
import { ValidationFailedError } from '../errors';
import type { Services } from './services';
import { runRecordCommand } from './record-command';
import { publish, saveDraft } from './workflow-drafts';

/** Sample leads that the demo moves on to opportunities. */
const OPPORTUNITIES = 2;

const SAMPLE_LEADS = [
  { name: 'Ann Lee', email: 'ann@northwind.example', phone: '+1 555 0100', companyName: 'Northwind' },
  { name: 'Bo Chen', email: 'bo@contoso.example', phone: '+1 555 0101', companyName: 'Contoso' },
  { name: 'Cai Wu', email: 'cai@fabrikam.example', phone: '+1 555 0102', companyName: 'Fabrikam' },
  { name: 'Dee Park', email: 'dee@initech.example', phone: '+1 555 0103', companyName: 'Initech' },
  { name: 'Eli Ruiz', email: 'eli@globex.example', phone: '+1 555 0104', companyName: 'Globex' },
];

/** The demo's people besides its admin: a manager and the two salespeople on the manager's team. */
const DEMO_TEAM: readonly { name: string; email: string; roles: Role[]; reportsTo: 'admin' | 'manager' }[] = [
  { name: 'Mia Manager', email: 'manager@demo.example', roles: ['manager'], reportsTo: 'admin' },
  { name: 'Sam Sales', email: 'sam@demo.example', roles: ['sales'], reportsTo: 'manager' },
  { name: 'Sue Sales', email: 'sue@demo.example', roles: ['sales'], reportsTo: 'manager' },
];

/** A demo person who can sign in, with the password shown once at first start. */
export interface DemoAccount {
  name: string;
  email: string;
  roles: Role[];
  password: string;
}

/** A password for a demo account: 16 random characters, printed once and kept nowhere but in its hash. */
const demoPassword = () => randomBytes(12).toString('base64url');

/**
 * On first start with an empty store: a demo tenant (slug `demo`) with the standard trunk and sample leads, an admin,
 * a manager and two salespeople who sign in with passwords shown once. Returns its name, admin key and accounts, or
 * null when the store already holds a tenant.
 * @example const demo = await seedDemoTenant(services) // → { name: 'Demo', slug: 'demo', adminKey: 'fk_…', accounts: [{ email: 'admin@demo.example', password: '…' }, …] } | null
 */
export async function seedDemoTenant(services: Services): Promise<{ name: string; slug: string; adminKey: string; accounts: DemoAccount[] } | null> {
  // Existence check across tenants, through the driver on purpose: "is the store empty?"
  if (await services.models.Tenant.collection.findOne({})) return null;
  const { models, definitions } = services;
  const created = await createTenant({ models, name: 'Demo', slug: 'demo', demo: true }).catch((error: unknown) => {
    // Two processes started at once on an empty store: the other one took the slug first and seeds the demo.
    if (error instanceof ValidationFailedError && error.diagnostics.some((d) => d.pointer === '/slug' && d.code === 'exists')) return null;
    throw error;
  });
  if (!created) return null;
  const { tenant, admin, adminKey } = created;
  const tenantId = tenant._id;
  const accounts: DemoAccount[] = [{ name: admin.name, email: 'admin@demo.example', roles: admin.roles, password: demoPassword() }];
  await models.User.updateOne(
    { tenantId, _id: admin._id },
    { $set: { email: accounts[0]?.email, passwordHash: await services.passwords.hash(accounts[0]?.password as string), passwordChangedAt: new Date() } },
  );
  let managerId = admin._id;
  for (const person of DEMO_TEAM) {
    const password = demoPassword();
    const user = await createUser({
      models,
      tenantId,
      name: person.name,
      email: person.email,
      roles: person.roles,
      managerId: person.reportsTo === 'admin' ? admin._id : managerId,
      passwordHash: await services.passwords.hash(password),
    });
    if (person.roles.includes('manager')) managerId = user._id;
    accounts.push({ name: person.name, email: person.email, roles: person.roles, password });
  }
  const template = getTemplate('standard_trunk');
  await saveDraft({ models, definitions, tenantId, key: template.key, definition: template.definition });
  await publish({ models, definitions, audit: services.audit, tenantId, key: template.key, actor: { userId: admin._id, keyId: null } });
  const actor = { id: admin._id, roles: admin.roles };
  for (const [index, fields] of SAMPLE_LEADS.entries()) {
    const record = await createRecord({ services, tenantId, actor, workflowKey: template.key, fields: { ...fields, source: 'web' } });
    // The first two become opportunities, so the pipeline and funnel show numbers from the start.
    if (index >= OPPORTUNITIES) continue;
    await runRecordCommand({ services, tenantId, id: record.id, command: { type: 'transition', transition: 'qualify', actor } });
    await runRecordCommand({ services, tenantId, id: record.id, command: { type: 'transition', transition: 'accept', actor } });
    await runRecordCommand({
      services,
      tenantId,
      id: record.id,
      command: {
        type: 'transition',
        transition: 'create_opportunity',
        actor,
        input: { fields: { product: 'Funnel Pro', seats: 10 * (index + 1), companyVerified: true, amount: 12_000 * (index + 1) } },
      },
    });
  }
  await services.drainer.flush();
  return { name: tenant.name, slug: tenant.slug ?? 'demo', adminKey, accounts };
}
