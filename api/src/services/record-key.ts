/**
 * One key for a record of a tenant, for maps this process keeps (record ids are unique per tenant only).
 * @example recordKey('t1', 'r1') // → 't1\u0000r1'
 */
export const recordKey = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;
