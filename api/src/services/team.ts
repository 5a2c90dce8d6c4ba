import type { Models } from '../models/models';
import { groupBy } from './group-by';

/**
 * The ids of everyone below a manager (direct and indirect reports), not including the manager, among `users`.
 * @example reportsBelow([{ _id: 'u2', managerId: 'u1' }, { _id: 'u3', managerId: 'u2' }], 'u1') // → ['u2', 'u3']
 */
export function reportsBelow(users: readonly { _id: string; managerId?: string | null }[], managerId: string): string[] {
  const reports = groupBy(
    users.filter((user) => user.managerId),
    (user) => user.managerId as string,
  );
  const team: string[] = [];
  const seen = new Set([managerId]);
  const queue = [managerId];
  while (queue.length > 0) {
    for (const { _id: report } of reports.get(queue.shift() as string) ?? []) {
      if (seen.has(report)) continue;
      seen.add(report);
      team.push(report);
      queue.push(report);
    }
  }
  return team;
}

/**
 * The ids of everyone below a manager (direct and indirect reports), not including the manager.
 * @example await teamBelow({ models, tenantId, managerId: 'u1' }) // → ['u2', 'u3']
 */
export async function teamBelow(input: { models: Models; tenantId: string; managerId: string }): Promise<string[]> {
  const users = await input.models.User.find({ tenantId: input.tenantId }, { managerId: 1 }).lean();
  return reportsBelow(users, input.managerId);
}
