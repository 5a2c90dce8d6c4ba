import { SCHEMA_VERSION, type WorkflowDefinition } from '../definition-schema';
import { GLOSSARY } from './glossary';
import { LOST_REASONS } from './lost-reasons';
import { POOL_REASONS } from './pool-reasons';
import { REACHABLE_CONTACT_GUARD } from './reachable-contact-guard';
import { RETURN_REASONS } from './return-reasons';
import { stagePosition } from './stage-position';
import { TEMPLATE_FIELDS } from './template-fields';

/** SRL, named as what it is here: the unqualified-pipeline stage of the opportunity phase. */
const SRL_UNQUALIFIED_PIPELINE = {
  en: 'SRL (unqualified pipeline)',
  'zh-Hans': '销售就绪线索 (SRL，未确认管道)',
  'zh-Hant': '銷售就緒線索 (SRL，未確認管道)',
};

/** SQL, named as what it is here: the qualified-pipeline stage of the opportunity phase. */
const SQL_QUALIFIED_PIPELINE = {
  en: 'SQL (qualified pipeline)',
  'zh-Hans': '销售认可线索 (SQL，已确认管道)',
  'zh-Hant': '銷售合格潛在客戶 (SQL，已確認管道)',
};

/**
 * The MQL/SRL/SQL pipeline: MQL in the lead phase; SRL (unqualified pipeline) and SQL (qualified pipeline)
 * open the opportunity phase; then discovery, negotiation, contract and closed won/lost. Hunters enter at MQL,
 * farmers (existing customers) enter at SRL.
 * @example getTemplate('mql_srl_sql').definition.pipelines?.map((p) => p.entryStage) // → ['mql', 'srl']
 */
export const mqlSrlSql: WorkflowDefinition = {
  schemaVersion: SCHEMA_VERSION,
  key: 'mql_srl_sql',
  name: { en: 'MQL / SRL / SQL pipeline', 'zh-Hans': 'MQL / SRL / SQL 销售管道', 'zh-Hant': 'MQL / SRL / SQL 銷售管道' },
  description: {
    en: 'Marketing hands MQLs to sales as SRLs; sales confirms them as SQLs and works them through discovery, negotiation and contract. Existing customers start at SRL.',
    'zh-Hans': '市场部将 MQL 移交销售成为 SRL；销售确认为 SQL 后推进需求探索、谈判与合同。老客户从 SRL 开始。',
    'zh-Hant': '行銷部將 MQL 移交業務成為 SRL；業務確認為 SQL 後推進需求探索、談判與合約。既有客戶從 SRL 開始。',
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
      product: TEMPLATE_FIELDS.product,
      seats: TEMPLATE_FIELDS.seats,
      amount: TEMPLATE_FIELDS.amount,
    },
    required: ['name'],
  },
  initialStage: 'mql',
  pipelines: [
    { key: 'new_business', name: { en: 'New business (hunters)', 'zh-Hans': '新客户开拓', 'zh-Hant': '新客戶開發' }, entryStage: 'mql' },
    { key: 'existing_customers', name: { en: 'Existing customers (farmers)', 'zh-Hans': '老客户经营', 'zh-Hant': '既有客戶經營' }, entryStage: 'srl' },
  ],
  stages: [
    { key: 'mql', name: GLOSSARY.mql, phase: 'lead', probability: 0, forecastCategory: 'omitted', position: stagePosition(0) },
    { key: 'srl', name: SRL_UNQUALIFIED_PIPELINE, phase: 'opportunity', probability: 5, forecastCategory: 'pipeline', position: stagePosition(1) },
    { key: 'sql', name: SQL_QUALIFIED_PIPELINE, phase: 'opportunity', probability: 20, forecastCategory: 'pipeline', position: stagePosition(2) },
    {
      key: 'discovery',
      name: { en: 'Discovery', 'zh-Hans': '需求探索', 'zh-Hant': '需求探索' },
      phase: 'opportunity',
      probability: 40,
      forecastCategory: 'best_case',
      position: stagePosition(3),
    },
    {
      key: 'negotiation',
      name: { en: 'Negotiation', 'zh-Hans': '商务谈判', 'zh-Hant': '商務談判' },
      phase: 'opportunity',
      probability: 60,
      forecastCategory: 'best_case',
      position: stagePosition(4),
    },
    {
      key: 'contract',
      name: { en: 'Contract', 'zh-Hans': '合同', 'zh-Hant': '合約' },
      phase: 'opportunity',
      probability: 80,
      forecastCategory: 'commit',
      position: stagePosition(5),
    },
    {
      key: 'closed_won',
      name: GLOSSARY.won,
      phase: 'order',
      probability: 100,
      forecastCategory: 'closed',
      outcome: 'won',
      terminal: true,
      position: stagePosition(6),
    },
    {
      key: 'closed_lost',
      name: GLOSSARY.lost,
      phase: 'opportunity',
      probability: 0,
      forecastCategory: 'omitted',
      outcome: 'lost',
      terminal: true,
      position: stagePosition(3, 1),
    },
    {
      key: 'pool',
      name: GLOSSARY.pool,
      phase: 'lead',
      probability: 0,
      forecastCategory: 'omitted',
      position: stagePosition(0, 1),
      pool: {
        kind: 'public',
        claim: { to: 'mql', roles: ['marketing', 'manager'], cooldown: 'P7D' },
        nurture: [{ key: 'default', name: { en: 'Monthly nurture', 'zh-Hans': '每月培育', 'zh-Hant': '每月培育' }, every: 'P30D' }],
      },
    },
  ],
  transitions: [
    {
      key: 'hand_off',
      name: { en: 'Hand off to sales', 'zh-Hans': '移交销售', 'zh-Hant': '移交業務' },
      from: ['mql'],
      to: 'srl',
      roles: ['marketing', 'manager'],
      guard: REACHABLE_CONTACT_GUARD,
    },
    {
      key: 'accept',
      name: { en: 'Accept as SQL', 'zh-Hans': '销售接收为 SQL', 'zh-Hant': '業務接收為 SQL' },
      from: ['srl'],
      to: 'sql',
      roles: ['sales', 'manager'],
      effects: [{ type: 'assign_to_actor' }],
    },
    {
      key: 'return_mql',
      name: GLOSSARY.returnMql,
      from: ['srl'],
      to: 'mql',
      roles: ['sales'],
      reason: { required: true, options: RETURN_REASONS },
      effects: [{ type: 'exclude_from_performance' }, { type: 'clear_owner' }],
    },
    {
      key: 'start_discovery',
      name: { en: 'Start discovery', 'zh-Hans': '开始需求探索', 'zh-Hant': '開始需求探索' },
      from: ['sql'],
      to: 'discovery',
      roles: ['sales', 'manager'],
      requiredFields: ['companyName'],
    },
    {
      key: 'negotiate',
      name: { en: 'Start negotiation', 'zh-Hans': '进入商务谈判', 'zh-Hant': '進入商務談判' },
      from: ['discovery'],
      to: 'negotiation',
      roles: ['sales', 'manager'],
      requiredFields: ['product', 'seats'],
    },
    {
      key: 'send_contract',
      name: { en: 'Send contract', 'zh-Hans': '发送合同', 'zh-Hant': '寄送合約' },
      from: ['negotiation'],
      to: 'contract',
      roles: ['sales', 'manager'],
      requiredFields: ['amount'],
    },
    { key: 'win', name: GLOSSARY.markWon, from: ['contract'], to: 'closed_won', roles: ['sales', 'manager'] },
    {
      key: 'lose',
      name: GLOSSARY.markLost,
      from: ['srl', 'sql', 'discovery', 'negotiation', 'contract'],
      to: 'closed_lost',
      roles: ['sales', 'manager'],
      reason: { required: true, options: LOST_REASONS },
    },
    {
      key: 'release',
      name: GLOSSARY.recycle,
      from: ['mql'],
      to: 'pool',
      roles: ['marketing', 'manager'],
      reason: { required: false, options: POOL_REASONS },
      effects: [{ type: 'clear_owner' }],
    },
    { key: 'reactivate', name: GLOSSARY.reactivate, from: ['pool'], to: 'mql', roles: ['marketing', 'manager'] },
  ],
};
