import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import type { Context } from '../context';
import { ForbiddenError } from '../errors';
import { HEAVY_OPERATION_PLUGIN } from './heavy-operation-plugin';

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The one Pothos builder: typed context, DateTime and JSON scalars, Relay connections, and typed
 * error results (`errors: { types: [...] }` on a field turns those errors into union members).
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    DateTime: { Input: Date; Output: Date | number };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  // The errors plugin first: it wraps the others, so the refusals they throw become typed results too.
  plugins: [ErrorsPlugin, RelayPlugin, HEAVY_OPERATION_PLUGIN],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
  errors: {
    defaultTypes: [ForbiddenError],
    directResult: true,
    defaultUnionOptions: { name: ({ fieldName }) => `${pascal(fieldName)}Result` },
    defaultResultOptions: { name: ({ fieldName }) => `${pascal(fieldName)}Success` },
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
