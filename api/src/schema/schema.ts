import { GraphQLObjectType, GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql/index.js';
import { builder } from './builder';
import './scalars';
import './error-types';
import './tenant';
import './user';
import './actor';
import './user-admin';
import './me';
import './sign-in';
import './api-key';
import './audit-log';
import './template';
import './workflow';
import './record';
import './record-queries';
import './board';
import './my-work';
import './event-feed';
import './record-mutations';
import './pool';
import './assignment';
import './extension';
import './approval';
import './follow-up';
import './record-score';
import './record-guidance';
import './metrics';
import './job';
import './import';
import './migration';
import './notification';
import './webhook';
import './subscription';
import { TEST_CLOCK_FIELDS } from './test-clock';
import { withInputLimits } from './with-input-limits';

let full: GraphQLSchema | null = null;

function withoutTestClock(schema: GraphQLSchema): GraphQLSchema {
  const config = schema.toConfig();
  const mutation = schema.getMutationType();
  if (!mutation) return schema;
  const mutationConfig = mutation.toConfig();
  const fields = Object.fromEntries(Object.entries(mutationConfig.fields).filter(([name]) => !(TEST_CLOCK_FIELDS as readonly string[]).includes(name)));
  const stripped = new GraphQLObjectType({ ...mutationConfig, fields });
  return new GraphQLSchema({
    ...config,
    mutation: stripped,
    types: config.types.filter((type) => type.name !== mutation.name && type.name !== 'ClockPayload'),
  });
}

/**
 * The GraphQL schema; the test-clock mutations (setClock, advanceClock, runDueTimers) exist only when asked for.
 * @example printSchema(buildSchema({ testClock: false })) // what api/schema.graphql holds
 */
export function buildSchema(options: { testClock: boolean }): GraphQLSchema {
  full ??= withInputLimits(builder.toSchema());
  return options.testClock ? full : withoutTestClock(full);
}

/**
 * The schema as checked in: api/schema.graphql without the test clock, api/schema.test-clock.graphql with it
 * (sorted).
 * @example printedSchema({ testClock: true }).includes('advanceClock') // → true
 */
export function printedSchema(options: { testClock: boolean } = { testClock: false }): string {
  return `${printSchema(lexicographicSortSchema(buildSchema(options)))}\n`;
}
