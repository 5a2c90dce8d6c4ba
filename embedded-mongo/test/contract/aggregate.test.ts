import { beforeAll, expect, it } from 'vitest';
import { describeContract } from './contract-targets.js';

const DEALS = [
  { _id: 1, owner: 'ana', stage: 'won', amount: 100, tags: ['new'], at: 1 },
  { _id: 2, owner: 'ana', stage: 'open', amount: 300, tags: ['new', 'big'], at: 2 },
  { _id: 3, owner: 'bo', stage: 'won', amount: 50, tags: [], at: 3 },
  { _id: 4, owner: 'bo', stage: 'lost', amount: 700, tags: ['big'], at: 4 },
  { _id: 5, owner: 'cy', stage: 'open', amount: 20, tags: ['new'], at: 5 },
];

describeContract('aggregation pipelines', (ctx) => {
  const deals = () => ctx.collection('deals');

  beforeAll(async () => {
    await deals().insertMany(DEALS);
    await ctx.collection('owners').insertMany([
      { _id: 'ana', team: 'north' },
      { _id: 'bo', team: 'south' },
    ]);
  });

  it('$match, $group with $sum/$avg/$min/$max/$push/$first/$last, $sort', async () => {
    const rows = await deals()
      .aggregate([
        { $match: { amount: { $gte: 20 } } },
        { $sort: { at: 1 } },
        {
          $group: {
            _id: '$owner',
            total: { $sum: '$amount' },
            count: { $sum: 1 },
            avg: { $avg: '$amount' },
            min: { $min: '$amount' },
            max: { $max: '$amount' },
            stages: { $push: '$stage' },
            first: { $first: '$stage' },
            last: { $last: '$stage' },
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(rows).toEqual([
      { _id: 'ana', total: 400, count: 2, avg: 200, min: 100, max: 300, stages: ['won', 'open'], first: 'won', last: 'open' },
      { _id: 'bo', total: 750, count: 2, avg: 375, min: 50, max: 700, stages: ['won', 'lost'], first: 'won', last: 'lost' },
      { _id: 'cy', total: 20, count: 1, avg: 20, min: 20, max: 20, stages: ['open'], first: 'open', last: 'open' },
    ]);
  });

  it('$project, $addFields/$set, $unwind, $count, $skip, $limit', async () => {
    const projected = await deals()
      .aggregate([
        { $sort: { _id: 1 } },
        { $skip: 1 },
        { $limit: 2 },
        { $project: { _id: 0, owner: 1, big: { $gt: ['$amount', 200] } } },
        { $set: { kind: 'deal' } },
        { $addFields: { n: 1 } },
      ])
      .toArray();
    expect(projected).toEqual([
      { owner: 'ana', big: true, kind: 'deal', n: 1 },
      { owner: 'bo', big: false, kind: 'deal', n: 1 },
    ]);
    const unwound = await deals()
      .aggregate([{ $unwind: '$tags' }, { $group: { _id: '$tags', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])
      .toArray();
    expect(unwound).toEqual([
      { _id: 'big', n: 2 },
      { _id: 'new', n: 3 },
    ]);
    expect(
      await deals()
        .aggregate([{ $match: { stage: 'open' } }, { $count: 'open' }])
        .toArray(),
    ).toEqual([{ open: 2 }]);
  });

  it('$facet and $bucket', async () => {
    const [facets] = await deals()
      .aggregate([
        {
          $facet: {
            byStage: [{ $group: { _id: '$stage', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
            buckets: [{ $bucket: { groupBy: '$amount', boundaries: [0, 100, 500, 1000], default: 'other', output: { n: { $sum: 1 } } } }],
          },
        },
      ])
      .toArray();
    expect(facets).toEqual({
      byStage: [
        { _id: 'lost', n: 1 },
        { _id: 'open', n: 2 },
        { _id: 'won', n: 2 },
      ],
      buckets: [
        { _id: 0, n: 2 },
        { _id: 100, n: 2 },
        { _id: 500, n: 1 },
      ],
    });
  });

  it('$lookup within the database', async () => {
    const joined = await deals()
      .aggregate([
        { $match: { _id: { $in: [1, 3, 5] } } },
        { $sort: { _id: 1 } },
        { $lookup: { from: 'owners', localField: 'owner', foreignField: '_id', as: 'owner' } },
        { $project: { team: '$owner.team' } },
      ])
      .toArray();
    expect(joined).toEqual([
      { _id: 1, team: ['north'] },
      { _id: 3, team: ['south'] },
      { _id: 5, team: [] },
    ]);
  });

  it('pages a large aggregation result with getMore and leaves the stored documents unchanged', async () => {
    const rows = await deals()
      .aggregate([{ $set: { amount: 0 } }], { batchSize: 2 })
      .toArray();
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.amount === 0)).toBe(true);
    expect((await deals().findOne({ _id: 4 }))?.amount).toBe(700);
    await deals()
      .aggregate([
        { $unwind: '$tags' },
        { $lookup: { from: 'owners', localField: 'owner', foreignField: '_id', as: 'team' } },
        { $project: { tags: 1, team: 1, owner: 1 } },
        { $unset: 'owner' },
        { $facet: { all: [{ $set: { tags: 'changed', 'team.0.team': 'changed' } }] } },
      ])
      .toArray();
    expect(await deals().find({}).sort({ _id: 1 }).toArray()).toEqual(DEALS);
    expect(await ctx.collection('owners').find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'ana', team: 'north' },
      { _id: 'bo', team: 'south' },
    ]);
  });

  it('supports $expr in queries', async () => {
    const rows = await deals()
      .find({ $expr: { $gt: ['$amount', { $multiply: ['$at', 100] }] } })
      .sort({ _id: 1 })
      .toArray();
    expect(rows.map((r) => r._id)).toEqual([2, 4]);
  });
});

describeContract('aggregation pipelines longer than a chunk', (ctx) => {
  /** More documents than the embedded store handles between two turns of its event loop (500). */
  const EVENTS = 1_300;

  it('$group, $lookup, $unwind, $match, $group give every document once, in order, across the store’s chunks', async () => {
    await ctx.collection('chunk_records').insertMany(Array.from({ length: EVENTS / 2 }, (_, i) => ({ _id: `r${i}`, won: i % 3 === 0 })));
    await ctx
      .collection('chunk_events')
      .insertMany(Array.from({ length: EVENTS }, (_, i) => ({ _id: i, recordId: `r${i % (EVENTS / 2)}`, stage: i % 2 === 0 ? 'lead' : 'mql' })));
    const rows = await ctx
      .collection('chunk_events')
      .aggregate([
        { $group: { _id: { stage: '$stage', recordId: '$recordId' } } },
        { $lookup: { from: 'chunk_records', localField: '_id.recordId', foreignField: '_id', as: 'record' } },
        { $unwind: '$record' },
        { $match: { 'record.won': true } },
        { $group: { _id: '$_id.stage', records: { $sum: 1 } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    // Record r<k> gets events k and k + 650, of one parity: one (stage, record) group each, a lead when k is even.
    const won = Array.from({ length: EVENTS / 2 }, (_, k) => k).filter((k) => k % 3 === 0);
    const wonLeads = won.filter((k) => k % 2 === 0).length;
    const wonMqls = won.length - wonLeads;
    expect(rows).toEqual([
      { _id: 'lead', records: wonLeads },
      { _id: 'mql', records: wonMqls },
    ]);
    const sorted = await ctx
      .collection('chunk_events')
      .aggregate([{ $sort: { _id: -1 } }, { $project: { _id: 1 } }, { $match: { _id: { $lt: 1_200 } } }])
      .toArray();
    expect(sorted.map((d) => d._id)).toEqual(Array.from({ length: 1_200 }, (_, i) => 1_199 - i));
  });
});
