import { describe, expect, it } from 'vitest';
import {
  checkPassword,
  checkSlug,
  checkTimeZone,
  closesManagerLoop,
  MIN_PASSWORD_LENGTH,
  normaliseEmail,
  slugCandidate,
  slugFromName,
} from '../src/accounts/account-rules';

describe('emails', () => {
  it('are trimmed and lower-cased, so one person has one account however they type it', () => {
    expect(normaliseEmail('  Ann.Lee@Example.COM ')).toBe('ann.lee@example.com');
    expect(normaliseEmail('李@例子.中国')).toBe('李@例子.中国');
  });

  it('refuse what cannot be an address, or could add a mail header', () => {
    for (const bad of [
      '',
      'ann',
      'ann@',
      '@example.com',
      'ann@example',
      'a b@example.com',
      'ann@example.com\r\nBcc: x@evil.example',
      '<a>@b.c',
      'a@b.c\u0000',
    ]) {
      expect(normaliseEmail(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('tenant slugs', () => {
  it('are made from a name: accents dropped, anything else a hyphen, 40 characters at most', () => {
    expect(slugFromName('Café Müller & Söhne GmbH')).toBe('cafe-muller-sohne-gmbh');
    expect(slugFromName('  ACME  ')).toBe('acme');
    expect(slugFromName('销售部')).toBe('team');
    expect(slugFromName('x'.repeat(50))).toHaveLength(40);
    expect(slugFromName(`${'a'.repeat(39)}-b`)).toBe('a'.repeat(39));
  });

  it('get a number when taken, still within 40 characters', () => {
    expect(slugCandidate('acme', 1)).toBe('acme');
    expect(slugCandidate('acme', 2)).toBe('acme-2');
    expect(slugCandidate('a'.repeat(40), 12)).toBe(`${'a'.repeat(37)}-12`);
  });

  it('are 2–40 lower-case letters, digits and inner hyphens', () => {
    for (const good of ['ab', 'acme-sales', 'a1-b2-c3', 'x'.repeat(40)]) expect(checkSlug(good), good).toBeNull();
    for (const bad of ['a', 'Acme', '-acme', 'acme-', 'ac--me', 'ac me', 'x'.repeat(41), 'ac_me']) expect(checkSlug(bad)?.code, bad).toBe('pattern');
  });
});

describe('passwords', () => {
  it(`need ${MIN_PASSWORD_LENGTH} characters, counted as people count them, and no other rules`, () => {
    expect(checkPassword('correct horse')).toBeNull();
    expect(checkPassword('123456789')?.code).toBe('too_short');
    expect(checkPassword('          ')?.code).toBe('too_short');
    // Ten characters of Chinese are ten characters, and one emoji is one.
    expect(checkPassword('我的密码很长很长很长')).toBeNull();
    expect(checkPassword('😀😀😀😀😀😀😀😀😀')?.code).toBe('too_short');
  });
});

describe('time zones', () => {
  it('are IANA names', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'Asia/Shanghai', 'America/Argentina/Buenos_Aires']) expect(checkTimeZone(zone), zone).toBeNull();
    for (const zone of ['Mars/Olympus', 'GMT+25', '../../etc/localtime', '']) expect(checkTimeZone(zone)?.code, zone).toBe('time_zone');
  });
});

describe('manager chains', () => {
  const managerOf = new Map<string, string | null>([
    ['ceo', null],
    ['vp', 'ceo'],
    ['lead', 'vp'],
    ['rep', 'lead'],
    ['loop-a', 'loop-b'],
    ['loop-b', 'loop-a'],
  ]);

  it('refuse a manager who is the person or anyone below them', () => {
    expect(closesManagerLoop({ userId: 'vp', managerId: 'rep', managerOf })).toBe(true);
    expect(closesManagerLoop({ userId: 'ceo', managerId: 'lead', managerOf })).toBe(true);
    expect(closesManagerLoop({ userId: 'rep', managerId: 'rep', managerOf })).toBe(true);
  });

  it('allow anyone else, and end on a loop already stored rather than running forever', () => {
    expect(closesManagerLoop({ userId: 'rep', managerId: 'ceo', managerOf })).toBe(false);
    expect(closesManagerLoop({ userId: 'lead', managerId: 'someone-new', managerOf })).toBe(false);
    expect(closesManagerLoop({ userId: 'rep', managerId: 'loop-a', managerOf })).toBe(false);
  });
});
