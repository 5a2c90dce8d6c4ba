import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type TenantKeys } from './harness';

// Score calibration (issue 20) through the api, on a known set of 100 records: 20 hot leads (fit 90), 50 warm (50)
// and 30 cold (10), each taken as far along lead → mql → sql → opp → won as the plan below says.

let h: Harness;
let t: TenantKeys;

const KEY = 'scored_mini';

/** The engine suite's mini trunk (lead → mql → sql → opp → won/lost), scored by a `band` field. */
function definition(): Record<string, unknown> {
  const suite = JSON.parse(readFileSync(new URL('../../engine/test/suites/metrics-score-calibration.json', import.meta.url), 'utf8'));
  const mini = suite[0].definition;
  mini.fields.properties.band = { type: 'string', enum: ['hot', 'warm', 'cold'] };
  mini.scoring = {
    max: 100,
    fit: (['hot', 'warm', 'cold'] as const).map((band) => ({
      key: band,
      name: { en: band },
      when: { '==': [{ var: 'band' }, band] },
      points: POINTS[band],
    })),
  };
  return mini;
}

const POINTS = { hot: 90, warm: 50, cold: 10 } as const;
/** How many of each band's records reach each stage (each count within the one before it). */
const PLAN = {
  hot: { records: 20, mql: 15, sql: 12, opp: 11, won: 10 },
  warm: { records: 50, mql: 20, sql: 10, opp: 6, won: 5 },
  cold: { records: 30, mql: 3, sql: 0, opp: 0, won: 0 },
} as const;
const STEPS = [
  ['mql', 'qualify'],
  ['sql', 'accept'],
  ['opp', 'convert'],
  ['won', 'win'],
] as const;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Calibrated Inc');
  await h.publish({ admin: t.admin, key: KEY, definition: definition() });
});
afterAll(() => h?.close());

const CREATE = 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { ... on Record { id version score } } }';
const TRANSITION = 'mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { __typename ... on Record { version stage } } }';

describe('score calibration', () => {
  it('shows how each band of scores converted and won, on a known set of 100 records', async () => {
    for (const [band, plan] of Object.entries(PLAN) as [keyof typeof PLAN, (typeof PLAN)[keyof typeof PLAN]][]) {
      for (let n = 0; n < plan.records; n++) {
        const made = await h.gql(t.admin, CREATE, { i: { workflowKey: KEY, fields: { name: `${band} ${n}`, band } } });
        const created = made.data?.createRecord;
        expect(created?.score, JSON.stringify(made)).toBe(POINTS[band]);
        let version = created.version;
        for (const [stage, transition] of STEPS) {
          if (n >= plan[stage]) break;
          const moved = await h.gql(t.admin, TRANSITION, { i: { id: created.id, transition, expectedVersion: version } });
          expect(moved.data?.transitionRecord.stage, JSON.stringify(moved)).toBe(stage);
          version = moved.data?.transitionRecord.version;
        }
      }
    }

    const query = `query($stage: String, $width: Int) { scoreCalibration(workflowKey: "${KEY}", stage: $stage, bandWidth: $width) {
      ... on ScoreCalibration { stage bandWidth unscored bands { from to records won winShare reached { stage records share } } } } }`;
    const byCreation = await h.gql(t.manager, query);
    expect(byCreation.errors, JSON.stringify(byCreation)).toBeUndefined();
    const reached = (mql: number, sql: number, opp: number, of: number) =>
      of === 0
        ? [
            { stage: 'mql', records: 0, share: null },
            { stage: 'sql', records: 0, share: null },
            { stage: 'opp', records: 0, share: null },
          ]
        : [
            { stage: 'mql', records: mql, share: mql / of },
            { stage: 'sql', records: sql, share: sql / of },
            { stage: 'opp', records: opp, share: opp / of },
          ];
    expect(byCreation.data?.scoreCalibration).toEqual({
      stage: null,
      bandWidth: 20,
      unscored: 0,
      bands: [
        { from: 0, to: 19, records: 30, won: 0, winShare: 0, reached: reached(3, 0, 0, 30) },
        { from: 20, to: 39, records: 0, won: 0, winShare: null, reached: reached(0, 0, 0, 0) },
        { from: 40, to: 59, records: 50, won: 5, winShare: 0.1, reached: reached(20, 10, 6, 50) },
        { from: 60, to: 79, records: 0, won: 0, winShare: null, reached: reached(0, 0, 0, 0) },
        { from: 80, to: 100, records: 20, won: 10, winShare: 0.5, reached: reached(15, 12, 11, 20) },
      ],
    });

    // Scored on entering SQL, in bands of 50: only the 22 records that got there, and the stages after it.
    const atSql = await h.gql(t.manager, query, { stage: 'sql', width: 50 });
    expect(atSql.data?.scoreCalibration).toEqual({
      stage: 'sql',
      bandWidth: 50,
      unscored: 0,
      bands: [
        { from: 0, to: 49, records: 0, won: 0, winShare: null, reached: [{ stage: 'opp', records: 0, share: null }] },
        { from: 50, to: 100, records: 22, won: 15, winShare: 15 / 22, reached: [{ stage: 'opp', records: 17, share: 17 / 22 }] },
      ],
    });
  });
});
