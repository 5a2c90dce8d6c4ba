import { getTemplate } from '@funnel/schemas';
import { mongo } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { boardColumns, type BoardRequest, type SearchByIdLimits } from '../src/services/board';
import { searchTerms } from '../src/services/search-terms';
import { embeddedStoreModels } from './embedded-store-models';

// A board's search reads its records three ways (services/board.ts): by the search filter, by the found ids for the
// totals only, and by the found ids for the totals and the cards. Each must give the same board as the others.

const store = embeddedStoreModels();
const workflow = { definition: getTemplate('standard_trunk').definition };
const STAGES = ['lead', 'mql', 'sql', 'opportunity'];
const COMPANIES = ['Acme', 'Birch', 'Cedar', '北京字节跳动'];
/** Reads by the search filter only, by ids for the totals only, and by ids for the totals and the cards. */
const PATHS: Record<string, SearchByIdLimits> = {
  filter: { totals: 0, cards: 0 },
  totalsById: { totals: 10_000, cards: 0 },
  allById: { totals: 10_000, cards: 10_000 },
};

/** 200 records of two tenants and two workflows: amounts (one not a number), probabilities, owners, sources. */
async function seed(): Promise<void> {
  const docs = Array.from({ length: 200 }, (_, i) => {
    const fields = {
      name: `Lead ${i}`,
      companyName: `${COMPANIES[i % COMPANIES.length]} ${i % 7}`,
      amount: i % 13 === 0 ? 'a lot' : 100 * (i % 9),
      source: i % 3 ? 'web' : 'event',
    };
    return {
      _id: `r${String(i).padStart(3, '0')}`,
      tenantId: i % 10 === 9 ? 'other' : 't1',
      workflowKey: i % 11 === 10 ? 'other_flow' : 'standard_trunk',
      stage: STAGES[i % STAGES.length],
      probability: [0, 10, 25, 60][(i >> 2) % 4],
      owner: i % 2 ? 'u1' : 'u2',
      fields,
      search: searchTerms(fields),
      version: 1,
    };
  });
  await store.models.Record.collection.insertMany(docs as never[]);
}

/** The board as each path reads it: the totals and every column's card ids, oldest first. */
async function boardBy(limits: SearchByIdLimits, request: Partial<BoardRequest>) {
  const columns = await boardColumns({ models: store.models }, workflow, { tenantId: 't1', viewerId: 'u1', workflowKey: 'standard_trunk', ...request }, limits);
  return Promise.all(
    columns.map(async ({ filter, ...totals }) => {
      const cards = await store.models.Record.find(filter, { _id: 1 }).sort({ _id: 1 }).lean();
      return { ...totals, weightedAmount: Number(totals.weightedAmount.toFixed(9)), cards: cards.map((card) => card._id) };
    }),
  );
}

describe("a board's search", () => {
  it('gives the same totals and cards whether it reads by the search filter or by the ids the search found', async () => {
    await seed();
    for (const request of [
      { search: 'acme' },
      { search: 'lead 1' },
      { search: '字节' },
      { search: 'birch', scope: 'mine' as const },
      { search: 'cedar', source: 'web' },
      { search: 'lead', owner: 'u2' },
      { search: 'nobody' },
    ]) {
      const [filter, totalsById, allById] = await Promise.all(Object.values(PATHS).map((limits) => boardBy(limits, request)));
      expect(totalsById, JSON.stringify(request)).toEqual(filter);
      expect(allById, JSON.stringify(request)).toEqual(filter);
    }
    const acme = await boardBy(PATHS.allById as SearchByIdLimits, { search: 'acme' });
    // Acme is one record in four (all in the lead stage, whose index is 0 mod 4), less the other tenant's and workflow's.
    expect(acme.find((column) => column.stage === 'lead')?.count).toBeGreaterThan(30);
    expect(acme.filter((column) => column.stage !== 'lead').every((column) => column.count === 0)).toBe(true);
  });

  it('sums the amounts that are numbers, and weights each by its record’s probability', async () => {
    const board = await boardBy(PATHS.filter as SearchByIdLimits, {});
    const records = await store.models.Record.find({ tenantId: 't1', workflowKey: 'standard_trunk' }).lean();
    for (const column of board) {
      const of = records.filter((record) => record.stage === column.stage);
      const amount = (record: (typeof of)[number]) => (typeof record.fields.amount === 'number' ? record.fields.amount : 0);
      expect(column.count).toBe(of.length);
      expect(column.amount).toBe(of.reduce((total, record) => total + amount(record), 0));
      expect(column.weightedAmount).toBeCloseTo(
        of.reduce((total, record) => total + (amount(record) * (record.probability ?? 0)) / 100, 0),
        9,
      );
    }
  });

  it('reads totals MongoDB sums into Decimal128 or Long (as the driver returns them) as numbers', async () => {
    // MongoDB's $sum of Decimal128 amounts is a Decimal128, of Long ones a Long; the embedded store leaves such
    // amounts out, so the rows a MongoDB would answer are handed to the board as they would arrive.
    const rows = [
      { _id: { stage: 'lead', probability: 10 }, count: 2, amount: mongo.Decimal128.fromString('5.5') },
      { _id: { stage: 'lead', probability: mongo.Long.fromNumber(20) }, count: 1, amount: mongo.Long.fromNumber(3) },
    ];
    const Record = new Proxy(store.models.Record, {
      get: (target, property, receiver) => (property === 'aggregate' ? async () => rows : Reflect.get(target, property, receiver)),
    });
    const [lead] = await boardColumns({ models: { ...store.models, Record } }, workflow, { tenantId: 't1', viewerId: 'u1', workflowKey: 'standard_trunk' });
    expect(lead).toMatchObject({ stage: 'lead', count: 3, amount: 8.5, weightedAmount: 0.55 + 0.6 });
  });
});
