import { describe, expect, it } from 'vitest';
import { targetKind, userList, weightsFromText, weightsToText, withStrategy, withTargetKind } from '../src/model/assignment-target';

describe('an assignment rule target as the form edits it', () => {
  it('reads the kind of a target: one user, or a team by manager, users or role', () => {
    expect(targetKind({ user: 'u_ann' })).toBe('user');
    expect(targetKind({ team: { manager: 'u_lee' }, strategy: 'round_robin' })).toBe('manager');
    expect(targetKind({ team: { users: ['u_ann'] }, strategy: 'least_loaded' })).toBe('users');
    expect(targetKind({ team: { role: 'sales' }, strategy: 'round_robin' })).toBe('role');
  });

  it('switches kinds keeping who was typed and the strategy; one user has no strategy', () => {
    expect(withTargetKind({ target: { user: 'u_ann' }, kind: 'users', role: 'sales' })).toEqual({ team: { users: ['u_ann'] }, strategy: 'round_robin' });
    expect(withTargetKind({ target: { team: { users: ['u_ann', 'u_bob'] }, strategy: 'least_loaded' }, kind: 'manager', role: 'sales' })).toEqual({
      team: { manager: 'u_ann' },
      strategy: 'least_loaded',
    });
    expect(withTargetKind({ target: { team: { manager: 'u_lee' }, strategy: 'least_loaded' }, kind: 'user', role: 'sales' })).toEqual({ user: 'u_lee' });
    expect(withTargetKind({ target: { user: '' }, kind: 'role', role: 'marketing' })).toEqual({ team: { role: 'marketing' }, strategy: 'round_robin' });
  });

  it('keeps weights only for a weighted rotation', () => {
    const weighted = { team: { users: ['u_ann'] }, strategy: 'weighted_round_robin' as const, weights: { u_ann: 2 } };
    expect(withStrategy(weighted, 'least_loaded')).toEqual({ team: { users: ['u_ann'] }, strategy: 'least_loaded' });
    expect(withStrategy(weighted, 'weighted_round_robin')).toEqual(weighted);
  });

  it('reads user lists and weights as people type them, in either language, and says which pairs it could not read', () => {
    expect(userList(' u_ann, u_bob，u_cid、u_ann ')).toEqual(['u_ann', 'u_bob', 'u_cid']);
    expect(weightsFromText('u_ann=3, u_bob: 1，u_cid：100, u_dan=0, u_eve=101, nobody')).toEqual({
      weights: { u_ann: 3, u_bob: 1, u_cid: 100 },
      invalid: ['u_dan=0', 'u_eve=101', 'nobody'],
    });
    expect(weightsToText({ u_ann: 3, u_bob: 1 })).toBe('u_ann=3, u_bob=1');
    expect(weightsFromText(weightsToText({ u_ann: 3, u_bob: 1 })).weights).toEqual({ u_ann: 3, u_bob: 1 });
  });
});
