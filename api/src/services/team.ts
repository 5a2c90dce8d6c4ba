import type { Models } from '../models/models';

/**
 * The ids of everyone below a manager (direct and indirect reports), not including the manager.
 * @example await teamBelow({ models, tenantId, managerId: 'u1' }) // → ['u2', 'u3']
 */
export async function teamBelow(input: { models: Models; tenantId: string; managerId: string }): Promise<string[]> {
  const users = await input.models.User.find({ tenantId: input.tenantId }, { managerId: 1 }).lean();
  const reports = new Map<string, string[]>();
  for (const user of users) {
    if (user.managerId) reports.set(user.managerId, [...(reports.get(user.managerId) ?? []), user._id]);
  }
  const team: string[] = [];
  const seen = new Set([input.managerId]);
  const queue = [input.managerId];
  while (queue.length > 0) {
    for (const report of reports.get(queue.shift() as string) ?? []) {
      if (seen.has(report)) continue;
      seen.add(report);
      team.push(report);
      queue.push(report);
    }
  }
  return team;
}
