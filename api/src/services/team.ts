import type { Models } from '../models/models';
import { groupBy } from './group-by';

/**
 * The ids of everyone below a manager (direct and indirect reports), not including the manager.
 * @example await teamBelow({ models, tenantId, managerId: 'u1' }) // → ['u2', 'u3']
 */
export async function teamBelow(input: { models: Models; tenantId: string; managerId: string }): Promise<string[]> {
  const users = await input.models.User.find({ tenantId: input.tenantId }, { managerId: 1 }).lean();
  const reports = groupBy(
    users.filter((user) => user.managerId),
    (user) => user.managerId as string,
  );
  const team: string[] = [];
  const seen = new Set([input.managerId]);
  const queue = [input.managerId];
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
