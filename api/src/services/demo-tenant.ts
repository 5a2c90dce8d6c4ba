import { getTemplate } from '@funnel/schemas';
import { createRecord } from './create-record';
import { createTenant, createUser } from './create-tenant';
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

/**
 * On first start with an empty store: a demo tenant with the standard trunk and sample leads.
 * Returns its name and admin key, or null when the store already holds a tenant.
 * @example const demo = await seedDemoTenant(services) // → { name: 'Demo', adminKey: 'fk_…' } | null
 */
export async function seedDemoTenant(services: Services): Promise<{ name: string; adminKey: string } | null> {
  // Existence check across tenants, through the driver on purpose: "is the store empty?"
  if (await services.models.Tenant.collection.findOne({})) return null;
  const { models, definitions } = services;
  const { tenant, admin, adminKey } = await createTenant({ models, name: 'Demo', demo: true });
  const tenantId = tenant._id;
  await createUser({ models, tenantId, name: 'Sam Sales', roles: ['sales'], managerId: admin._id });
  const template = getTemplate('standard_trunk');
  await saveDraft({ models, definitions, tenantId, key: template.key, definition: template.definition });
  await publish({ models, definitions, tenantId, key: template.key, actorId: admin._id });
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
  return { name: tenant.name, adminKey };
}
