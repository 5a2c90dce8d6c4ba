import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import type { Activity, Actor, ApprovalSubject, AssignmentMember, TransitionInput } from '../src';

/**
 * A definition in a suite case: inline, the name of a file in suite-definitions/, or such a file with
 * RFC 6902 patches applied (one broken or varied place per case).
 */
export type DefinitionRef = WorkflowDefinition | string | { base: string; patch: Operation[] };

/** What a case does; every time is an ISO-8601 instant. */
export type SuiteAction =
  | { type: 'compile' }
  | { type: 'create'; id?: string; fields: Record<string, unknown>; pipeline?: string; owner?: string | null; pool?: { reason: string } }
  | { type: 'available'; input?: TransitionInput }
  | { type: 'apply'; transition: string; input?: TransitionInput }
  | { type: 'update'; fields: Record<string, unknown> }
  | { type: 'activity'; activity: Activity }
  | { type: 'fire_due' }
  | { type: 'request_extension'; timer: string; ownerExtendedRecords: number }
  | { type: 'decide_extension'; timer: string; approve: boolean; ownerExtendedRecords: number }
  | { type: 'claim'; recentClaims: string[] }
  | { type: 'contact_keys'; fields: Record<string, unknown> }
  | { type: 'contact_key_lookups'; fields: Record<string, unknown>; earlierRules: boolean }
  | { type: 'changed_contact_keys'; fields: Record<string, unknown> }
  | { type: 'release'; reason?: string }
  | { type: 'assign'; to: string; by?: { rule: string; strategy: string | null }; reason?: string }
  | { type: 'plan_migration'; to: DefinitionRef; stageMap: Record<string, string>; renamed?: string[]; stageCounts?: Record<string, number> }
  | { type: 'migrate'; to: DefinitionRef; stageMap: Record<string, string>; renamed?: string[] }
  /** Routing of the case's record: the rule that matches, its strategy, and the order to try the members given for that rule. */
  | { type: 'route'; members: Record<string, AssignmentMember[]>; ticket: number }
  /** The order to try `members` for the named assignment rule; `summary` reports how many and whether distinct, not the order. */
  | { type: 'assignment_order'; rule: string; members: AssignmentMember[]; ticket: number; summary?: boolean }
  /** The first member tried for each ticket in a row: counts, and with `window`, each member's fewest and most in any window of that many. */
  | { type: 'assignment_sweep'; rule: string; members: AssignmentMember[]; fromTicket: number; tickets: number; window?: number }
  | { type: 'counts_for_capacity' }
  /** The record's score at `now` (`{ score: null }` when the definition does not score). */
  | { type: 'score' }
  /** The guidance of the record's stage. */
  | { type: 'guidance' }
  | { type: 'set_follow_up'; at: string | null; note?: string }
  /** The requests waiting on the record, each with whether the case's actor may decide it. */
  | { type: 'approval_requests'; actorManagesOwner?: boolean }
  | { type: 'refresh' }
  | { type: 'set_probability'; probability: number; reason: string }
  | { type: 'request_approval'; subject: ApprovalSubject; input?: TransitionInput; note?: string; ownerExtendedRecords?: number }
  | { type: 'decide_approval'; subject: ApprovalSubject; approve: boolean; reason?: string; ownerExtendedRecords?: number; actorManagesOwner?: boolean }
  | { type: 'sequence'; steps: (SuiteAction & { now?: string; actor?: Actor })[] };

/** One case of engine/test/suites/*.json (the metrics-*.json files have their own runner). */
export interface SuiteCase {
  description: string;
  definition?: DefinitionRef;
  template?: string;
  /** Compile the definition as a version already published (checks added since are warnings). */
  published?: boolean;
  /** The record before the action: a seed, completed from its stage (see seed-record.ts). */
  record?: Record<string, unknown>;
  actor?: Actor;
  action: SuiteAction;
  now: string;
  expected: unknown;
}

const DEFINITIONS = join(import.meta.dirname, 'suite-definitions');

/** Resolves a case's definition reference to a definition (a fresh copy each time). */
export function resolveDefinition(ref: DefinitionRef): WorkflowDefinition {
  if (typeof ref === 'string') return JSON.parse(readFileSync(join(DEFINITIONS, `${ref}.json`), 'utf8')) as WorkflowDefinition;
  if ('base' in ref && 'patch' in ref) {
    return fastJsonPatch.applyPatch(resolveDefinition(ref.base), ref.patch, false, true).newDocument;
  }
  return structuredClone(ref);
}

/** The definition a case runs on: its template or its definition. */
export function caseDefinition(c: SuiteCase): WorkflowDefinition {
  if (c.template) return getTemplate(c.template).definition;
  if (c.definition !== undefined) return resolveDefinition(c.definition);
  throw new Error(`case "${c.description}" names neither a template nor a definition`);
}
