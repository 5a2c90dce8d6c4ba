import { describe, expect, it } from 'vitest';
import { parseRoute, type Route, routeHash } from '../src/session/useRoute';

describe('the work area routes', () => {
  const routes: Route[] = [
    { page: 'myWork' },
    { page: 'board', workflowKey: null, pipeline: null },
    { page: 'board', workflowKey: 'standard_trunk', pipeline: null },
    { page: 'board', workflowKey: 'a/b c', pipeline: 'farmers & co' },
    { page: 'pool', workflowKey: null },
    { page: 'pool', workflowKey: 'standard_trunk' },
    { page: 'record', recordId: '6650a1b2c3d4e5f6a7b8c9d0' },
    { page: 'people' },
    { page: 'apps' },
    { page: 'imports' },
    { page: 'exports' },
    { page: 'approvals' },
    { page: 'team', workflowKey: null },
    { page: 'team', workflowKey: 'standard_trunk' },
    { page: 'distribution', workflowKey: null },
    { page: 'distribution', workflowKey: 'a/b c' },
  ];
  it.each(routes)('reads back what it writes: %o', (route) => {
    expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('reads the links people share', () => {
    expect(parseRoute('#/workflows/trunk/board?pipeline=hunters')).toEqual({ page: 'board', workflowKey: 'trunk', pipeline: 'hunters' });
    expect(parseRoute('#/records/r1')).toEqual({ page: 'record', recordId: 'r1' });
    expect(parseRoute('#/work')).toEqual({ page: 'myWork' });
    expect(parseRoute('#/people')).toEqual({ page: 'people' });
    expect(parseRoute('#/apps')).toEqual({ page: 'apps' });
    expect(parseRoute('#/imports')).toEqual({ page: 'imports' });
    expect(parseRoute('#/exports')).toEqual({ page: 'exports' });
    expect(parseRoute('#/approvals')).toEqual({ page: 'approvals' });
    expect(parseRoute('#/team')).toEqual({ page: 'team', workflowKey: null });
    expect(parseRoute('#/workflows/trunk/team')).toEqual({ page: 'team', workflowKey: 'trunk' });
    expect(parseRoute('#/distribution')).toEqual({ page: 'distribution', workflowKey: null });
    expect(parseRoute('#/workflows/trunk/distribution')).toEqual({ page: 'distribution', workflowKey: 'trunk' });
  });
});
