import { request } from '../graphql';
import { allPeople } from '../people/all-people';
import { ASSIGNMENT_LOADS } from './distribution-documents';

/** A person records may be handed to, with how full they are in the workflow. */
export interface PersonLoad {
  id: string;
  name: string;
  active: boolean;
  /** Open records counted against the workflow's capacity. */
  open: number;
  /** The workflow's capacity per owner; null when it has none. */
  max: number | null;
}

/** Salespeople: the ones records are handed to and from. */
const HANDLING_ROLES = ['sales'];

/** The most people `assignmentLoads` takes in one call (the api's DISTRIBUTE_MAX). */
const LOADS_PER_CALL = 500;

/** Open records and capacity of each of the people, asked in calls of at most LOADS_PER_CALL people. */
async function loadsOf(workflowKey: string, userIds: readonly string[]): Promise<Map<string, { open: number; max: number | null }>> {
  const loads = new Map<string, { open: number; max: number | null }>();
  for (let start = 0; start < userIds.length; start += LOADS_PER_CALL) {
    const { assignmentLoads } = await request(ASSIGNMENT_LOADS, { workflowKey, userIds: userIds.slice(start, start + LOADS_PER_CALL) });
    if (assignmentLoads.__typename !== 'AssignmentLoadsSuccess') throw new Error(assignmentLoads.message);
    for (const load of assignmentLoads.data) loads.set(load.userId, load);
  }
  return loads;
}

/**
 * The tenant's salespeople (deactivated ones too, for a hand-over) with their open records against the workflow's
 * capacity, as routing counts them.
 * @example const people = await peopleLoads('standard_trunk'); // → [{ name: 'Bo Chen', open: 3, max: 5, … }]
 */
export async function peopleLoads(workflowKey: string): Promise<PersonLoad[]> {
  const people = (await allPeople()).filter((person) => person.roles.some((role) => HANDLING_ROLES.includes(role)));
  const loads = await loadsOf(
    workflowKey,
    people.map((person) => person.id),
  );
  return people.map((person) => ({
    id: person.id,
    name: person.name,
    active: person.active,
    open: loads.get(person.id)?.open ?? 0,
    max: loads.get(person.id)?.max ?? null,
  }));
}
