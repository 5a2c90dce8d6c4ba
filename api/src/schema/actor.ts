import type { UserDoc } from '../models/user';
import type { ShownSystemActorKind, SystemActor } from '../services/event-actor';
import { builder } from './builder';
import { UserRef } from './user';

const SYSTEM_ACTOR_KINDS: Record<ShownSystemActorKind, { description: string }> = {
  timer: { description: "A record's timer: its warning, its transition when due, or its block (fired by the sweeper)." },
  nurture: { description: "A pool's nurture cadence: a touch come due, or the cadence's transition (fired by the sweeper)." },
  rule: { description: "A rule of the workflow, firing after a change (a person's, a timer's or an import's)." },
  migration: { description: 'A migration of the record to a newer version of its workflow.' },
  unspecified: { description: 'An automatic step logged before Funnel told these apart (actorId "system"), whose event does not say which.' },
};

const SystemActorKindEnum = builder.enumType('SystemActorKind', {
  description: 'What kind of automatic step acted. Imports act as the person who imported.',
  values: SYSTEM_ACTOR_KINDS,
});

const SystemActorRef = builder.objectRef<SystemActor>('SystemActor').implement({
  description: 'Funnel itself, acting on a record: a timer, a nurture cadence, a rule or a migration.',
  fields: (t) => ({ kind: t.field({ type: SystemActorKindEnum, resolve: (actor) => actor.kind }) }),
});

export const ActorRef = builder.unionType('Actor', {
  description: 'Who did something: a person (or the app an API key belongs to), or Funnel itself.',
  types: [UserRef, SystemActorRef],
  resolveType: (actor: UserDoc | SystemActor) => ('kind' in actor ? SystemActorRef : UserRef),
});
