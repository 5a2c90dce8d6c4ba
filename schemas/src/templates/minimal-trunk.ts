import { SCHEMA_VERSION, type WorkflowDefinition } from '../definition-schema';
import { GLOSSARY } from './glossary';
import { LEAD_CONTACT_GUARD } from './lead-contact-guard';
import { LOST_REASONS } from './lost-reasons';
import { POOL_REASONS } from './pool-reasons';
import { stagePosition } from './stage-position';
import { TEMPLATE_FIELDS } from './template-fields';

/**
 * The minimal trunk a small firm starts from: lead → opportunity → order, with lost and the public pool.
 * A lead needs only contact details (a name, and a phone or an email); an opportunity its company and product.
 * A lead nobody works on for two weeks goes back to the pool.
 * @example getTemplate('minimal_trunk').definition.stages.length // → 5
 */
export const minimalTrunk: WorkflowDefinition = {
  schemaVersion: SCHEMA_VERSION,
  key: 'minimal_trunk',
  name: { en: 'Minimal trunk', 'zh-Hans': '极简主干流程', 'zh-Hant': '極簡主幹流程' },
  description: {
    en: 'Lead to opportunity to order, with lost deals and a public pool. The simplest place to start.',
    'zh-Hans': '线索 → 商机 → 订单，含输单与公海。最简单的起点。',
    'zh-Hant': '線索 → 商機 → 訂單，含輸單與公海。最簡單的起點。',
  },
  fields: {
    type: 'object',
    properties: {
      name: TEMPLATE_FIELDS.name,
      email: TEMPLATE_FIELDS.email,
      phone: TEMPLATE_FIELDS.phone,
      companyName: TEMPLATE_FIELDS.companyName,
      product: TEMPLATE_FIELDS.product,
      amount: TEMPLATE_FIELDS.amount,
    },
    required: ['name'],
  },
  initialStage: 'lead',
  stages: [
    {
      key: 'lead',
      name: GLOSSARY.lead,
      phase: 'lead',
      probability: 0,
      forecastCategory: 'omitted',
      position: stagePosition(0),
      guard: LEAD_CONTACT_GUARD,
      timers: [
        {
          key: 'idle_lead',
          name: { en: 'Idle lead returns to the pool', 'zh-Hans': '闲置线索收归公海', 'zh-Hant': '閒置線索收歸公海' },
          after: 'P14D',
          action: { transition: 'recycle' },
        },
      ],
    },
    {
      key: 'opportunity',
      name: GLOSSARY.opportunity,
      phase: 'opportunity',
      probability: 30,
      forecastCategory: 'pipeline',
      requiredFields: ['companyName', 'product'],
      position: stagePosition(1),
    },
    {
      key: 'order',
      name: GLOSSARY.order,
      phase: 'order',
      probability: 100,
      forecastCategory: 'closed',
      outcome: 'won',
      terminal: true,
      position: stagePosition(2),
    },
    {
      key: 'lost',
      name: GLOSSARY.lost,
      phase: 'opportunity',
      probability: 0,
      forecastCategory: 'omitted',
      outcome: 'lost',
      terminal: true,
      position: stagePosition(1, 1),
    },
    {
      key: 'pool',
      name: GLOSSARY.pool,
      phase: 'lead',
      probability: 0,
      forecastCategory: 'omitted',
      position: stagePosition(0, 1),
      pool: { kind: 'public', claim: { to: 'lead', cooldown: 'P7D' } },
    },
  ],
  transitions: [
    {
      key: 'qualify',
      name: { en: 'Turn into opportunity', 'zh-Hans': '转为商机', 'zh-Hant': '轉為商機' },
      from: ['lead'],
      to: 'opportunity',
    },
    { key: 'win', name: GLOSSARY.markWon, from: ['opportunity'], to: 'order', requiredFields: ['amount'] },
    { key: 'lose', name: GLOSSARY.markLost, from: ['opportunity'], to: 'lost', reason: { required: true, options: LOST_REASONS } },
    {
      key: 'recycle',
      name: GLOSSARY.recycle,
      from: ['lead'],
      to: 'pool',
      reason: { required: false, options: POOL_REASONS },
      effects: [{ type: 'clear_owner' }],
    },
    { key: 'reactivate', name: GLOSSARY.reactivate, from: ['pool'], to: 'lead', effects: [{ type: 'assign_to_actor' }] },
  ],
};
