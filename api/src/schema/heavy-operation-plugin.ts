import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql/index.js';
import type { Context } from '../context';
import { BusyError } from '../errors';
import type { HeavyOperation } from '../services/heavy-operation';

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      heavyOperation: HeavyOperationPlugin<Types>;
    }
    interface FieldOptions<Types, ParentShape, Type, Nullable, Args, ResolveShape, ResolveReturnShape> {
      /**
       * The kind of heavy operation this field is: each tenant runs only `tenantConcurrency[kind]` of them at
       * once, and one more is refused with `Busy` before its resolver runs. A field with typed errors lists
       * BusyError among them; one without answers the error with code BUSY.
       */
      heavyOperation?: HeavyOperation;
    }
  }
}

/**
 * Declares a field a heavy operation (`heavyOperation: 'metrics'`), as scope-auth declares who may call it:
 * the per-tenant limit is kept here, in one place, and resolvers stay a single call. Listed after the errors
 * plugin, so its wrapper runs inside the errors plugin's and a `BusyError` becomes the field's `Busy` result.
 */
class HeavyOperationPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const { heavyOperation, errors } = fieldConfig.pothosOptions as { heavyOperation?: HeavyOperation; errors?: { types?: unknown[] } };
    // A typed refusal missing from the union would reach the client as an error: refuse to build instead.
    if (heavyOperation && errors && !errors.types?.includes(BusyError)) {
      throw new Error(`${fieldConfig.parentType}.${fieldConfig.name} is a heavy operation with typed errors: list BusyError among them`);
    }
    return fieldConfig;
  }

  override wrapResolve(resolver: GraphQLFieldResolver<unknown, Types['Context'], object>, fieldConfig: PothosOutputFieldConfig<Types>) {
    const operation = (fieldConfig.pothosOptions as { heavyOperation?: HeavyOperation }).heavyOperation;
    if (!operation) return resolver;
    return (parent: unknown, args: object, context: Types['Context'], info: Parameters<typeof resolver>[3]) => {
      const { viewer, services } = context as Context;
      // Scope-auth runs first and lets only a tenant's user through: this only narrows the viewer's type.
      if (viewer.kind !== 'user') return resolver(parent, args, context, info);
      return services.tenantConcurrency.run({ tenantId: viewer.tenantId, operation }, () => resolver(parent, args, context, info));
    };
  }
}

/** The plugin's name, for the builder's `plugins` list (Pothos plugins are listed by name once registered). */
export const HEAVY_OPERATION_PLUGIN = 'heavyOperation';
SchemaBuilder.registerPlugin(HEAVY_OPERATION_PLUGIN, HeavyOperationPlugin);
