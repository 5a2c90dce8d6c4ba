import type { Diagnostic } from '@funnel/schemas';
import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql/index.js';
import { wrapOrThrow } from '@pothos/plugin-errors';
import { escapePointer } from '@funnel/schemas';
import type { ApiConfig } from '../config';
import type { Context } from '../context';
import { ValidationFailedError } from '../errors';
import { jsonViolation, stringViolation } from '../input-limit-violations';
import { INPUT_LENGTH_KINDS, type InputLengthKind } from './input-lengths';

const VALIDATION_FAILED_TYPE = 'ValidationFailed';

/** The longest value of a String or ID input, by its coordinate (INPUT_LENGTH_KINDS). */
function maxLength(kind: InputLengthKind, config: ApiConfig): number {
  // A CSV file is the request body: the request size limit is its limit.
  return kind === 'csv' ? config.maxRequestBytes : config.maxLengths[kind];
}

/** The problems of one argument value, walking its GraphQL input type: strings by their kind, JSON by its limits. */
function violations(input: { value: unknown; type: GraphQLInputType; pointer: string; coordinate: string; config: ApiConfig; out: Diagnostic[] }): void {
  const { value, pointer, coordinate, config, out } = input;
  if (value === null || value === undefined) return;
  const type = getNullableType(input.type);
  if (isListType(type)) {
    if (!Array.isArray(value)) {
      violations({ ...input, type: type.ofType });
      return;
    }
    if (value.length > config.maxInputListLength) {
      out.push({
        severity: 'error',
        code: 'too_large',
        pointer,
        message: `${coordinate} has ${value.length} items; at most ${config.maxInputListLength} are accepted`,
      });
      return;
    }
    value.forEach((item, i) => violations({ ...input, value: item, type: type.ofType, pointer: `${pointer}/${i}` }));
    return;
  }
  if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      const fieldValue = (value as Record<string, unknown>)[field.name];
      violations({
        ...input,
        value: fieldValue,
        type: field.type,
        pointer: `${pointer}/${escapePointer(field.name)}`,
        coordinate: `${type.name}.${field.name}`,
      });
    }
    return;
  }
  if (!isScalarType(type)) return;
  if (type.name === 'JSON') {
    const bad = jsonViolation({ value, pointer, what: coordinate, limits: config });
    if (bad) out.push(bad);
  } else if (typeof value === 'string' && (type.name === 'String' || type.name === 'ID')) {
    const kind = type.name === 'ID' ? 'id' : (INPUT_LENGTH_KINDS[coordinate] as InputLengthKind);
    const bad = stringViolation({ value, pointer, max: maxLength(kind, config), what: coordinate });
    if (bad) out.push(bad);
  }
}

/** Every String input of a field's arguments has a length kind, or the schema is not built. */
function assertLengthKinds(typeName: string, field: GraphQLField<unknown, unknown>): void {
  const missing: string[] = [];
  const visit = (type: GraphQLInputType, coordinate: string, seen: Set<string>): void => {
    const named = getNamedType(type);
    if (isScalarType(named) && named.name === 'String' && !(coordinate in INPUT_LENGTH_KINDS)) missing.push(coordinate);
    if (isInputObjectType(named) && !seen.has(named.name)) {
      seen.add(named.name);
      for (const f of Object.values(named.getFields())) visit(f.type, `${named.name}.${f.name}`, seen);
    }
  };
  for (const arg of field.args) visit(arg.type, `${typeName}.${field.name}(${arg.name})`, new Set());
  if (missing.length) throw new Error(`String inputs without a maximum length in INPUT_LENGTH_KINDS (api/src/schema/input-lengths.ts): ${missing.join(', ')}`);
}

/**
 * Checks every argument of every field against the input limits before its resolver runs (one place for all
 * of them, docs/api.md "Limits"): String and ID lengths by INPUT_LENGTH_KINDS, valid Unicode, list lengths, the JSON
 * scalar's depth, size, strings and keys. A refusal is a ValidationFailed result where the field's union has
 * one, else a VALIDATION_FAILED error; pointers start inside an argument named `input`, else at `/<argument>`.
 * The limits are read from the request's config, so a test can set small ones.
 * @example full = withInputLimits(builder.toSchema())
 */
export function withInputLimits(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      assertLengthKinds(type.name, field);
      const returnType = getNullableType(field.type);
      const typedRefusal = isUnionType(returnType) && returnType.getTypes().some((member) => member.name === VALIDATION_FAILED_TYPE);
      const check = (args: Record<string, unknown>, ctx: Context): ValidationFailedError | null => {
        const out: Diagnostic[] = [];
        for (const arg of field.args) {
          const pointer = arg.name === 'input' ? '' : `/${arg.name}`;
          violations({
            value: args[arg.name],
            type: arg.type,
            pointer,
            coordinate: `${type.name}.${field.name}(${arg.name})`,
            config: ctx.services.config,
            out,
          });
        }
        return out.length ? new ValidationFailedError(out) : null;
      };
      const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx, info) => {
        const refusal = check(args, ctx);
        if (!refusal) return resolve(source, args, ctx, info);
        // Pothos's errors plugin turns the error into the union's ValidationFailed member (a thrown one is an error).
        return typedRefusal ? wrapOrThrow(refusal, [ValidationFailedError]) : Promise.reject(refusal);
      };
      const subscribe = field.subscribe;
      if (subscribe) {
        field.subscribe = (source, args, ctx: Context, info) => {
          const refusal = check(args, ctx);
          if (refusal) throw refusal;
          return subscribe(source, args, ctx, info);
        };
      }
    }
  }
  return schema;
}
