import { SCHEMA_VERSION, type WorkflowDefinition } from '../definition-schema';
import { GLOSSARY } from './glossary';
import { LOST_REASONS } from './lost-reasons';
import { POOL_REASONS } from './pool-reasons';
import { REACHABLE_CONTACT_GUARD } from './reachable-contact-guard';
import { stagePosition } from './stage-position';
import { TEMPLATE_FIELDS } from './template-fields';

/** The lead score from which marketing may call a lead an MQL. */
const MQL_SCORE_THRESHOLD = 50;

/**
 * The customer lifecycle: list → lead → MQL → SQL → opportunity → customer, with lost and the public pool.
 * @example getTemplate('customer_lifecycle').definition.initialStage // → 'list'
 */
export const customerLifecycle: WorkflowDefinition = {
  schemaVersion: SCHEMA_VERSION,
  key: 'customer_lifecycle',
  name: { en: 'Customer lifecycle', 'zh-Hans': '客户生命周期', 'zh-Hant': '客戶生命週期' },
  description: {
    en: 'From a bought or imported list to a lead, MQL, SQL, opportunity and customer.',
    'zh-Hans': '从购买或导入的名单，到线索、MQL、SQL、商机，再到客户。',
    'zh-Hant': '從購買或匯入的名單，到線索、MQL、SQL、商機，再到客戶。',
  },
  currency: 'USD',
  fields: {
    type: 'object',
    properties: {
      name: TEMPLATE_FIELDS.name,
      email: TEMPLATE_FIELDS.email,
      phone: TEMPLATE_FIELDS.phone,
      companyName: TEMPLATE_FIELDS.companyName,
      contactInvalid: TEMPLATE_FIELDS.contactInvalid,
      source: TEMPLATE_FIELDS.source,
      score: TEMPLATE_FIELDS.score,
      product: TEMPLATE_FIELDS.product,
      amount: TEMPLATE_FIELDS.amount,
    },
    required: ['name'],
  },
  initialStage: 'list',
  stages: [
    { key: 'list', name: GLOSSARY.list, phase: 'lead', probability: 0, forecastCategory: 'omitted', position: stagePosition(0) },
    { key: 'lead', name: GLOSSARY.lead, phase: 'lead', probability: 0, forecastCategory: 'omitted', position: stagePosition(1) },
    { key: 'mql', name: GLOSSARY.mql, phase: 'lead', probability: 0, forecastCategory: 'omitted', position: stagePosition(2) },
    { key: 'sql', name: GLOSSARY.sql, phase: 'lead', probability: 0, forecastCategory: 'omitted', position: stagePosition(3) },
    { key: 'opportunity', name: GLOSSARY.opportunity, phase: 'opportunity', probability: 20, forecastCategory: 'pipeline', position: stagePosition(4) },
    {
      key: 'customer',
      name: GLOSSARY.customer,
      phase: 'order',
      probability: 100,
      forecastCategory: 'closed',
      outcome: 'won',
      terminal: true,
      position: stagePosition(5),
    },
    {
      key: 'lost',
      name: GLOSSARY.lost,
      phase: 'opportunity',
      probability: 0,
      forecastCategory: 'omitted',
      outcome: 'lost',
      terminal: true,
      position: stagePosition(4, 1),
    },
    {
      key: 'pool',
      name: GLOSSARY.pool,
      phase: 'lead',
      probability: 0,
      forecastCategory: 'omitted',
      position: stagePosition(2, 1),
      pool: {
        kind: 'public',
        claim: { to: 'lead', roles: ['sales', 'marketing', 'manager'], cooldown: 'P7D' },
        nurture: [{ key: 'default', name: { en: 'Monthly nurture', 'zh-Hans': '每月培育', 'zh-Hant': '每月培育' }, every: 'P30D' }],
      },
    },
  ],
  transitions: [
    {
      key: 'engage',
      name: { en: 'Make contact', 'zh-Hans': '建立联系', 'zh-Hant': '建立聯繫' },
      from: ['list'],
      to: 'lead',
      roles: ['marketing', 'sales', 'manager'],
      guard: REACHABLE_CONTACT_GUARD,
    },
    {
      key: 'qualify',
      name: { en: 'Qualify as MQL', 'zh-Hans': '认定为 MQL', 'zh-Hant': '認定為 MQL' },
      from: ['lead'],
      to: 'mql',
      roles: ['marketing', 'manager'],
      guard: {
        logic: { '>=': [{ var: 'score' }, MQL_SCORE_THRESHOLD] },
        message: {
          en: `The lead score must be at least ${MQL_SCORE_THRESHOLD}`,
          'zh-Hans': `线索评分需至少 ${MQL_SCORE_THRESHOLD} 分`,
          'zh-Hant': `線索評分需至少 ${MQL_SCORE_THRESHOLD} 分`,
        },
      },
    },
    {
      key: 'accept',
      name: { en: 'Accept as SQL', 'zh-Hans': '销售接收为 SQL', 'zh-Hant': '業務接收為 SQL' },
      from: ['mql'],
      to: 'sql',
      roles: ['sales', 'manager'],
      effects: [{ type: 'assign_to_actor' }],
    },
    {
      key: 'create_opportunity',
      name: { en: 'Create opportunity', 'zh-Hans': '转为商机', 'zh-Hant': '轉為商機' },
      from: ['sql'],
      to: 'opportunity',
      roles: ['sales', 'manager'],
      requiredFields: ['product', 'companyName'],
    },
    { key: 'win', name: GLOSSARY.markWon, from: ['opportunity'], to: 'customer', roles: ['sales', 'manager'], requiredFields: ['amount'] },
    {
      key: 'lose',
      name: GLOSSARY.markLost,
      from: ['opportunity'],
      to: 'lost',
      roles: ['sales', 'manager'],
      reason: { required: true, options: LOST_REASONS },
    },
    {
      key: 'release',
      name: GLOSSARY.recycle,
      from: ['lead', 'mql', 'sql'],
      to: 'pool',
      reason: { required: false, options: POOL_REASONS },
      effects: [{ type: 'clear_owner' }],
    },
    { key: 'reactivate', name: GLOSSARY.reactivate, from: ['pool'], to: 'lead', roles: ['sales', 'marketing', 'manager'] },
  ],
};
