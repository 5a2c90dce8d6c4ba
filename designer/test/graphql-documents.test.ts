import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as documents from '../src/api/graphql-documents';

const schema = buildSchema(readFileSync(new URL('../../api/schema.graphql', import.meta.url), 'utf8'));
const operations = Object.entries(documents).flatMap(([name, value]): [string, string][] => (typeof value === 'string' ? [[name, value]] : []));

describe('the GraphQL documents the designer sends', () => {
  it('are all checked', () => {
    expect(operations.length).toBeGreaterThanOrEqual(10);
  });

  it.each(operations)('%s is valid against the api’s printed schema', (_name, document) => {
    expect(validate(schema, parse(document)).map((error) => error.message)).toEqual([]);
  });
});
