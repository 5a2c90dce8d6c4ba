import { describe, expect, it } from 'vitest';
import { searchFilter, searchTerms } from '../src/services/search-terms';

describe('search terms', () => {
  it('are the words of the searched fields, a phone’s digits, and Chinese characters and their neighbours', () => {
    expect(searchTerms({ name: 'Ann-Marie LEE', email: 'ann@acme.example', phone: '+1 (555) 0100', seats: 'Nope', companyName: '北京字节' })).toEqual(
      [
        'c:京',
        'c:京字',
        'c:北',
        'c:北京',
        'c:字',
        'c:字节',
        'c:节',
        'w:0100',
        'w:1',
        'w:15550100',
        'w:555',
        'w:acme',
        'w:ann',
        'w:example',
        'w:lee',
        'w:marie',
      ].sort(),
    );
    expect(searchTerms({ name: 'ＡＣＭＥ' })).toEqual(['w:acme']);
    expect(searchTerms({})).toEqual([]);
  });

  it('make a filter of word prefixes and character pairs, never an operator from the text', () => {
    expect(searchFilter('Ann 字节跳')).toEqual({
      $and: [{ search: { $elemMatch: { $gte: 'w:ann', $lt: 'w:ano' } } }, { search: { $all: ['c:字节', 'c:节跳'] } }],
    });
    expect(searchFilter('字')).toEqual({ $and: [{ search: 'c:字' }] });
    expect(searchFilter('$where {"$gt": ""}')).toEqual({
      $and: [{ search: { $elemMatch: { $gte: 'w:where', $lt: 'w:wherf' } } }, { search: { $elemMatch: { $gte: 'w:gt', $lt: 'w:gu' } } }],
    });
    expect(searchFilter(' - ')).toEqual({ $and: [{ _id: { $in: [] } }] });
  });
});
