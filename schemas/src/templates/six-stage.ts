import { SCHEMA_VERSION, type WorkflowDefinition } from '../definition-schema';
import { GLOSSARY } from './glossary';
import { LOST_REASONS } from './lost-reasons';
import { stagePosition } from './stage-position';
import { TEMPLATE_FIELDS } from './template-fields';

/**
 * The six-stage funnel with win rates 0/10/30/50/70/90, and 100% once the signed contract is paid.
 * @example getTemplate('six_stage').definition.stages.map((s) => s.probability) // → [0, 10, 30, 50, 70, 90, 100, 0]
 */
export const sixStage: WorkflowDefinition = {
  schemaVersion: SCHEMA_VERSION,
  key: 'six_stage',
  name: { en: 'Six-stage funnel', 'zh-Hans': '六阶段销售漏斗', 'zh-Hant': '六階段銷售漏斗' },
  description: {
    en: 'Prospect, qualification, needs analysis, proposal, negotiation and signed contract at 0/10/30/50/70/90%; 100% once paid.',
    'zh-Hans': '潜在客户、资格确认、需求分析、方案报价、商务谈判、合同已签，赢率 0/10/30/50/70/90%；回款后 100%。',
    'zh-Hant': '潛在客戶、資格確認、需求分析、方案報價、商務談判、合約已簽，贏率 0/10/30/50/70/90%；收款後 100%。',
  },
  currency: 'USD',
  fields: {
    type: 'object',
    properties: {
      name: TEMPLATE_FIELDS.name,
      email: TEMPLATE_FIELDS.email,
      phone: TEMPLATE_FIELDS.phone,
      companyName: TEMPLATE_FIELDS.companyName,
      product: TEMPLATE_FIELDS.product,
      seats: TEMPLATE_FIELDS.seats,
      amount: TEMPLATE_FIELDS.amount,
    },
    required: ['name'],
  },
  initialStage: 'prospect',
  stages: [
    {
      key: 'prospect',
      name: { en: 'Prospect', 'zh-Hans': '潜在客户', 'zh-Hant': '潛在客戶' },
      phase: 'lead',
      probability: 0,
      forecastCategory: 'omitted',
      position: stagePosition(0),
    },
    {
      key: 'qualification',
      name: { en: 'Qualification', 'zh-Hans': '资格确认', 'zh-Hant': '資格確認' },
      phase: 'opportunity',
      probability: 10,
      forecastCategory: 'pipeline',
      position: stagePosition(1),
    },
    {
      key: 'needs_analysis',
      name: { en: 'Needs analysis', 'zh-Hans': '需求分析', 'zh-Hant': '需求分析' },
      phase: 'opportunity',
      probability: 30,
      forecastCategory: 'pipeline',
      position: stagePosition(2),
    },
    {
      key: 'proposal',
      name: { en: 'Proposal', 'zh-Hans': '方案报价', 'zh-Hant': '方案報價' },
      phase: 'opportunity',
      probability: 50,
      forecastCategory: 'best_case',
      position: stagePosition(3),
    },
    {
      key: 'negotiation',
      name: { en: 'Negotiation', 'zh-Hans': '商务谈判', 'zh-Hant': '商務談判' },
      phase: 'opportunity',
      probability: 70,
      forecastCategory: 'commit',
      position: stagePosition(4),
    },
    {
      key: 'contract_signed',
      name: { en: 'Contract signed', 'zh-Hans': '合同已签', 'zh-Hant': '合約已簽' },
      phase: 'order',
      probability: 90,
      forecastCategory: 'commit',
      position: stagePosition(5),
    },
    {
      key: 'paid',
      name: { en: 'Paid', 'zh-Hans': '已回款', 'zh-Hant': '已收款' },
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
      position: stagePosition(3, 1),
    },
  ],
  transitions: [
    {
      key: 'qualify',
      name: { en: 'Qualify', 'zh-Hans': '确认资格', 'zh-Hant': '確認資格' },
      from: ['prospect'],
      to: 'qualification',
      roles: ['sales', 'manager'],
      requiredFields: ['companyName'],
      effects: [{ type: 'assign_to_actor' }],
    },
    {
      key: 'analyse_needs',
      name: { en: 'Analyse needs', 'zh-Hans': '分析需求', 'zh-Hant': '分析需求' },
      from: ['qualification'],
      to: 'needs_analysis',
      roles: ['sales', 'manager'],
    },
    {
      key: 'propose',
      name: { en: 'Send proposal', 'zh-Hans': '发送方案报价', 'zh-Hant': '寄送方案報價' },
      from: ['needs_analysis'],
      to: 'proposal',
      roles: ['sales', 'manager'],
      requiredFields: ['product', 'seats'],
    },
    {
      key: 'negotiate',
      name: { en: 'Start negotiation', 'zh-Hans': '进入商务谈判', 'zh-Hant': '進入商務談判' },
      from: ['proposal'],
      to: 'negotiation',
      roles: ['sales', 'manager'],
      requiredFields: ['amount'],
    },
    {
      key: 'sign',
      name: { en: 'Contract signed', 'zh-Hans': '签订合同', 'zh-Hant': '簽訂合約' },
      from: ['negotiation'],
      to: 'contract_signed',
      roles: ['sales', 'manager'],
    },
    {
      key: 'confirm_payment',
      name: { en: 'Confirm payment', 'zh-Hans': '确认回款', 'zh-Hant': '確認收款' },
      from: ['contract_signed'],
      to: 'paid',
      roles: ['manager', 'admin'],
    },
    {
      key: 'lose',
      name: GLOSSARY.markLost,
      from: ['qualification', 'needs_analysis', 'proposal', 'negotiation', 'contract_signed'],
      to: 'lost',
      roles: ['sales', 'manager'],
      reason: { required: true, options: LOST_REASONS },
    },
  ],
};
