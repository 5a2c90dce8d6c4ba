import { SCHEMA_VERSION, type WorkflowDefinition } from '../definition-schema';
import { GLOSSARY } from './glossary';
import { LOST_REASONS } from './lost-reasons';
import { POOL_REASONS } from './pool-reasons';
import { REACHABLE_CONTACT_GUARD } from './reachable-contact-guard';
import { RETURN_REASONS } from './return-reasons';
import { stagePosition } from './stage-position';
import { TEMPLATE_FIELDS } from './template-fields';

/** Unanswered calls in a row after which a lead or MQL is disqualified. */
const UNANSWERED_CALLS_LIMIT = 3;

/**
 * The standard trunk: lead → MQL → SQL → opportunity (10%) → product trial (30%) → contract negotiation (70%) → won,
 * with the one-week rule on SQL, returns to marketing, disqualification after three unanswered calls (reason
 * no_answer_x3), a nurtured public pool, and new leads assigned round the sales team in turn.
 * @example compile(standardTrunk).ok // → true
 */
export const standardTrunk: WorkflowDefinition = {
  schemaVersion: SCHEMA_VERSION,
  key: 'standard_trunk',
  name: { en: 'Standard trunk', 'zh-Hans': '标准主干流程', 'zh-Hant': '標準主幹流程' },
  description: {
    en: 'Lead to MQL to SQL to opportunity, product trial, contract negotiation and won, with the one-week rule and a public pool.',
    'zh-Hans': '线索 → MQL → SQL → 商机 → 产品体验 → 合同谈判 → 赢单，含一周规则与公海。',
    'zh-Hant': '線索 → MQL → SQL → 商機 → 產品體驗 → 合約談判 → 贏單，含一週規則與公海。',
  },
  currency: 'USD',
  fields: {
    type: 'object',
    properties: {
      name: TEMPLATE_FIELDS.name,
      email: TEMPLATE_FIELDS.email,
      phone: TEMPLATE_FIELDS.phone,
      companyName: TEMPLATE_FIELDS.companyName,
      companyVerified: TEMPLATE_FIELDS.companyVerified,
      source: TEMPLATE_FIELDS.source,
      score: TEMPLATE_FIELDS.score,
      product: TEMPLATE_FIELDS.product,
      seats: TEMPLATE_FIELDS.seats,
      amount: TEMPLATE_FIELDS.amount,
      contactInvalid: TEMPLATE_FIELDS.contactInvalid,
    },
    required: ['name'],
  },
  initialStage: 'lead',
  stages: [
    { key: 'lead', name: GLOSSARY.lead, phase: 'lead', probability: 0, forecastCategory: 'omitted', position: stagePosition(0) },
    { key: 'mql', name: GLOSSARY.mql, phase: 'lead', probability: 0, forecastCategory: 'omitted', position: stagePosition(1) },
    {
      key: 'sql',
      name: GLOSSARY.sql,
      phase: 'lead',
      probability: 0,
      forecastCategory: 'omitted',
      position: stagePosition(2),
      timers: [
        {
          key: 'one_week_rule',
          name: GLOSSARY.oneWeekRule,
          after: 'P7D',
          action: { transition: 'recycle' },
          warnBefore: 'P1D',
          extension: { length: 'P7D', maxPerRecord: 2, approverRoles: ['manager'], maxOpenPerOwner: 10 },
        },
      ],
    },
    {
      key: 'opportunity',
      name: GLOSSARY.opportunity,
      phase: 'opportunity',
      probability: 10,
      forecastCategory: 'pipeline',
      position: stagePosition(3),
    },
    { key: 'product_trial', name: GLOSSARY.productTrial, phase: 'opportunity', probability: 30, forecastCategory: 'best_case', position: stagePosition(4) },
    {
      key: 'contract_negotiation',
      name: GLOSSARY.contractNegotiation,
      phase: 'opportunity',
      probability: 70,
      forecastCategory: 'commit',
      position: stagePosition(5),
    },
    {
      key: 'won',
      name: GLOSSARY.won,
      phase: 'order',
      probability: 100,
      forecastCategory: 'closed',
      outcome: 'won',
      terminal: true,
      position: stagePosition(6),
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
      position: stagePosition(1, 1),
      pool: {
        kind: 'public',
        claim: { to: 'lead', roles: ['sales', 'marketing', 'manager'], maxClaims: 20, window: 'P1D', cooldown: 'P7D' },
        nurture: [
          {
            key: 'no_need',
            name: { en: 'No need for now: re-activate after a month', 'zh-Hans': '暂无需求：一个月后重新激活', 'zh-Hant': '暫無需求：一個月後重新啟用' },
            when: { '==': [{ var: 'pool.reason' }, 'no_need'] },
            every: 'P30D',
            fire: 'reactivate',
          },
          {
            key: 'third_party_list',
            name: { en: 'Third-party list: touch within two weeks', 'zh-Hans': '第三方名单：两周内跟进', 'zh-Hant': '第三方名單：兩週內跟進' },
            when: { '==': [{ var: 'source' }, 'third_party_list'] },
            every: 'P14D',
          },
          {
            key: 'default',
            name: { en: 'Monthly nurture', 'zh-Hans': '每月培育', 'zh-Hant': '每月培育' },
            every: 'P30D',
          },
        ],
        dormancy: { afterTouchesWithoutResponse: 5, every: 'P180D' },
      },
    },
  ],
  transitions: [
    {
      key: 'qualify',
      name: { en: 'Qualify as MQL', 'zh-Hans': '认定为 MQL', 'zh-Hant': '認定為 MQL' },
      from: ['lead'],
      to: 'mql',
      roles: ['marketing', 'manager'],
      guard: REACHABLE_CONTACT_GUARD,
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
      key: 'return_mql',
      name: GLOSSARY.returnMql,
      from: ['sql'],
      to: 'mql',
      roles: ['sales'],
      reason: {
        required: true,
        options: RETURN_REASONS,
      },
      effects: [{ type: 'exclude_from_performance' }, { type: 'clear_owner' }],
    },
    {
      key: 'create_opportunity',
      name: { en: 'Create opportunity', 'zh-Hans': '转为商机', 'zh-Hant': '轉為商機' },
      from: ['sql'],
      to: 'opportunity',
      roles: ['sales', 'manager'],
      requiredFields: ['product', 'seats', 'companyName'],
      guard: {
        logic: { '===': [{ var: 'companyVerified' }, true] },
        message: {
          en: 'The company name must be verified before an opportunity is created',
          'zh-Hans': '创建商机前需核实公司名称',
          'zh-Hant': '建立商機前需核實公司名稱',
        },
      },
    },
    {
      key: 'start_trial',
      name: { en: 'Start product trial', 'zh-Hans': '开始产品体验', 'zh-Hant': '開始產品體驗' },
      from: ['opportunity'],
      to: 'product_trial',
      roles: ['sales', 'manager'],
    },
    {
      key: 'negotiate',
      name: { en: 'Start contract negotiation', 'zh-Hans': '进入合同谈判', 'zh-Hant': '進入合約談判' },
      from: ['product_trial'],
      to: 'contract_negotiation',
      roles: ['sales', 'manager'],
      allowProbabilityOverride: true,
    },
    {
      key: 'win',
      name: GLOSSARY.markWon,
      from: ['contract_negotiation'],
      to: 'won',
      roles: ['sales', 'manager'],
      requiredFields: ['amount'],
    },
    {
      key: 'lose',
      name: GLOSSARY.markLost,
      from: ['opportunity', 'product_trial', 'contract_negotiation'],
      to: 'lost',
      roles: ['sales', 'manager'],
      reason: { required: true, options: LOST_REASONS },
    },
    {
      key: 'recycle',
      name: GLOSSARY.recycle,
      from: ['sql'],
      to: 'pool',
      roles: ['manager'],
      effects: [{ type: 'clear_owner' }, { type: 'notify', to: 'previous_owner' }],
    },
    {
      key: 'disqualify',
      name: { en: 'Disqualify', 'zh-Hans': '判定无效', 'zh-Hant': '判定無效' },
      from: ['lead', 'mql'],
      to: 'pool',
      roles: ['marketing', 'manager'],
      reason: { required: false, options: POOL_REASONS },
      effects: [{ type: 'clear_owner' }, { type: 'reset_counter', counter: 'unansweredCalls' }],
    },
    {
      key: 'reactivate',
      name: GLOSSARY.reactivate,
      from: ['pool'],
      to: 'lead',
      roles: ['marketing', 'manager'],
    },
  ],
  rules: [
    {
      key: 'disqualify_unreachable',
      name: { en: 'Three unanswered calls disqualify', 'zh-Hans': '三次未接通即判定无效', 'zh-Hant': '三次未接通即判定無效' },
      when: { '>=': [{ var: 'counters.unansweredCalls' }, UNANSWERED_CALLS_LIMIT] },
      fire: 'disqualify',
      reason: 'no_answer_x3',
    },
  ],
  assignment: {
    rules: [
      {
        key: 'sales_team',
        name: { en: 'Sales team, in turn', 'zh-Hans': '销售团队轮流分配', 'zh-Hant': '銷售團隊輪流分配' },
        target: { team: { role: 'sales' }, strategy: 'round_robin' },
      },
    ],
  },
};
