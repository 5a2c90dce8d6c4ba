import {
  assignmentOrder,
  countsForCapacity,
  matchAssignmentRule,
  type AssignedBy,
  type AssignmentMember,
  type CompiledAssignmentRule,
  type CompiledWorkflow,
  type FunnelRecord,
  type Instant,
} from '@funnel/engine';
import DataLoader from 'dataloader';
import type { Models } from '../models/models';
import type { UserDoc } from '../models/user';
import { tenantCollection } from '../models/tenant-collection';
import type { OwnerCapacity } from './owner-capacity';
import type { Recipient } from './notification-recipients';
import { reportsBelow } from './team';
import { takeTickets } from './owner-capacity';
import { nextTurn } from './next-turn';
import { answerByGroup } from './answer-by-group';

/** What routing reads of a person: who they are in the team, and what telling the new owner needs (`Recipient`). */
type Person = Pick<UserDoc, '_id' | 'roles' | 'managerId' | 'active' | 'availability'> & Recipient;

/** A rule's rotation counter: the tenant, the workflow and the rule. */
interface RuleCounter {
  tenantId: string;
  workflowKey: string;
  ruleKey: string;
}

const ruleCounterKey = (counter: RuleCounter) => `${counter.tenantId}:${counter.workflowKey}:${counter.ruleKey}`;

/** Where routing sent a record: to `owner` by the rule `by`, or, with `owner` null, nobody fitted (the pool). */
export interface Routed {
  by: AssignedBy;
  owner: string | null;
  /** Whether routing took the owner's capacity place for the record (tagged with the version it was given). */
  placeTaken: boolean;
  /**
   * The owner as routing read them (null: the pool), for the commit's notification of them: one read of the people
   * serves both (NotificationRecipients.attach `known`).
   */
  ownerAsRead: Recipient | null;
}

/**
 * Routes records by the definition's assignment rules (docs/decisions.md 34): the engine picks the rule
 * (matchAssignmentRule) and the order to try the rule's people in (assignmentOrder: deactivated and away people
 * never appear); the api resolves the rule's team from the tenant's people as they are now, takes the rule's next
 * ticket from its counter in the store (one `$inc`, so any number of processes share one rotation), and gives the
 * record to the first person in that order whose capacity place it takes (the conditional write that never lets
 * anyone above the maximum). Nobody fits: `owner` null, and the caller sends the record to the pool. People are
 * read once per tenant per turn of the event loop for every record routed in it, and the records one rule routes in a
 * turn take their tickets with one `$inc`.
 * @example const routed = await routing.route({ tenantId, workflow, record, now }) // → { by: { rule: 'sales', strategy: 'round_robin' }, owner: 'u_ann' }
 */
export class RecordRouting {
  private readonly people = new DataLoader<string, Person[]>(
    (tenantIds) =>
      answerByGroup(
        tenantIds,
        (tenantId) => tenantId,
        async (tenantId) => {
          const people = await this.readPeople(tenantId);
          return () => people;
        },
      ),
    {
      cache: false,
      batchScheduleFn: nextTurn,
    },
  );

  /**
   * Rotation tickets of one turn of the event loop: the records routed by one rule meanwhile take consecutive numbers
   * with one `$inc` of their count (keys repeat: without a cache DataLoader hands every load to the batch).
   */
  private readonly tickets = new DataLoader<RuleCounter, number, RuleCounter>((counters) => this.takeTurnTickets(counters), {
    cache: false,
    batchScheduleFn: nextTurn,
  });

  constructor(
    private readonly models: Models,
    private readonly capacity: OwnerCapacity,
  ) {}

  /** The rule that routes `record` (in the state it is about to be written in), or null: no rule matches it. */
  rule(input: { workflow: CompiledWorkflow; record: FunnelRecord; now: Instant }): CompiledAssignmentRule | null {
    return matchAssignmentRule(input)?.rule ?? null;
  }

  /**
   * Routes `record` by `rule`, taking the chosen owner's capacity place for it when its stage counts; `except`: a
   * person it must not go to (the owner a hand-over takes it from).
   */
  async route(input: {
    tenantId: string;
    workflow: CompiledWorkflow;
    rule: CompiledAssignmentRule;
    record: FunnelRecord;
    now: Instant;
    except?: string | null;
    /** The version the record will have once the assignment commits: the capacity place is tagged with it. */
    version: number;
  }): Promise<Routed> {
    const { tenantId, workflow, rule, record } = input;
    const target = rule.target;
    const by = { rule: rule.key, strategy: target.type === 'team' ? target.strategy : null };
    // The people and the ticket in the same turn: two commands at once rather than one after the other. A ticket
    // whose people read failed is a turn left unused, as is one whose create failed later.
    const [named, ticket] = await Promise.all([
      this.members({ tenantId, workflow, rule }),
      target.type === 'team' && target.strategy !== 'least_loaded' ? this.tickets.load({ tenantId, workflowKey: workflow.key, ruleKey: rule.key }) : 0,
    ]);
    const members = named.filter((m) => m.id !== input.except);
    const capacity = workflow.assignment?.capacity;
    const counts = capacity !== undefined && countsForCapacity({ workflow, record });
    const asRead = (owner: string) => members.find((member) => member.id === owner)?.person ?? null;
    for (const owner of assignmentOrder({ rule, members, ticket, now: input.now })) {
      if (!counts) return { by, owner, placeTaken: false, ownerAsRead: asRead(owner) };
      if (await this.capacity.tryTake({ tenantId, workflowKey: workflow.key, userId: owner, recordId: record.id, version: input.version, max: capacity.max }))
        return { by, owner, placeTaken: true, ownerAsRead: asRead(owner) };
    }
    return { by, owner: null, placeTaken: false, ownerAsRead: null };
  }

  /** The people a rule names, as the engine weighs them: active, away, and their open records when the strategy needs them. */
  private async members(input: {
    tenantId: string;
    workflow: CompiledWorkflow;
    rule: CompiledAssignmentRule;
  }): Promise<(AssignmentMember & { person: Person })[]> {
    const { tenantId, workflow, rule } = input;
    const people = await this.people.load(tenantId);
    const target = rule.target;
    let named: Person[];
    if (target.type === 'user') named = people.filter((p) => p._id === target.user);
    else if ('manager' in target.team) {
      const below = new Set(reportsBelow(people, target.team.manager));
      named = people.filter((p) => below.has(p._id));
    } else if ('users' in target.team) {
      const listed = new Set(target.team.users);
      named = people.filter((p) => listed.has(p._id));
    } else {
      const role = target.team.role;
      named = people.filter((p) => p.roles.includes(role));
    }
    const leastLoaded = target.type === 'team' && target.strategy === 'least_loaded';
    const open = leastLoaded ? await this.openRecords({ tenantId, workflow, userIds: named.map((p) => p._id) }) : new Map<string, number>();
    return named.map((p) => ({
      id: p._id,
      active: p.active !== false,
      ...(p.availability ? { awayFrom: new Date(p.availability.awayFrom).getTime(), awayUntil: new Date(p.availability.awayUntil).getTime() } : {}),
      open: open.get(p._id) ?? 0,
      person: p,
    }));
  }

  /** Open records per person: their capacity places when the workflow caps them, else their records without an outcome. */
  async openRecords(input: { tenantId: string; workflow: CompiledWorkflow; userIds: string[] }): Promise<Map<string, number>> {
    const { tenantId, workflow, userIds } = input;
    if (workflow.assignment?.capacity) return this.capacity.loads({ tenantId, workflowKey: workflow.key, userIds });
    const counts = await Promise.all(
      userIds.map((owner) => this.models.Record.countDocuments({ tenantId, workflowKey: workflow.key, owner, outcome: { $exists: false } })),
    );
    return new Map(userIds.map((id, i) => [id, counts[i] ?? 0]));
  }

  /** One ticket for each counter asked (in order), consecutive for the ones of one rule: one `$inc` a rule. */
  private takeTurnTickets(counters: readonly RuleCounter[]): Promise<(number | Error)[]> {
    return answerByGroup(counters, ruleCounterKey, async (_key, ofCounter) => {
      const [counter] = ofCounter as [RuleCounter];
      let ticket = await takeTickets(this.models, { ...counter, count: ofCounter.length });
      return () => ticket++;
    });
  }

  /** Through the driver's collection: mongoose's query layer cost more than this read (once a turn on a routed create's path). */
  private readPeople(tenantId: string): Promise<Person[]> {
    return tenantCollection(this.models.User.collection).find({
      tenantId,
      filter: {},
      projection: { roles: 1, managerId: 1, active: 1, availability: 1, email: 1, notifications: 1 },
    }) as unknown as Promise<Person[]>;
  }
}
