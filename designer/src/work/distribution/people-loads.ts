import { request } from '../graphql';
import { ASSIGNMENT_LOADS, DISTRIBUTION_PEOPLE } from './distribution-documents';

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

/**
 * The tenant's salespeople (deactivated ones too, for a hand-over) with their open records against the workflow's
 * capacity, as routing counts them.
 * @example const people = await peopleLoads('standard_trunk'); // → [{ name: 'Bo Chen', open: 3, max: 5, … }]
 */
export async function peopleLoads(workflowKey: string): Promise<PersonLoad[]> {
  const { users } = await request(DISTRIBUTION_PEOPLE);
  const people = users.edges.map((edge) => edge.node).filter((person) => person.roles.some((role) => HANDLING_ROLES.includes(role)));
  if (people.length === 0) return [];
  const { assignmentLoads } = await request(ASSIGNMENT_LOADS, { workflowKey, userIds: people.map((person) => person.id) });
  if (assignmentLoads.__typename !== 'AssignmentLoadsSuccess') throw new Error(assignmentLoads.message);
  const loads = new Map(assignmentLoads.data.map((load) => [load.userId, load]));
  return people.map((person) => ({
    id: person.id,
    name: person.name,
    active: person.active,
    open: loads.get(person.id)?.open ?? 0,
    max: loads.get(person.id)?.max ?? null,
  }));
}
