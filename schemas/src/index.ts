export * from './definition-schema';
export * from './errors';
export { ajv, tenantAjv } from './ajv-instance';
export { MAX_FIELD_PATTERN_LENGTH, re2RegExp, unsupportedPatternReason } from './tenant-pattern';
export { formatAjvError, escapePointer } from './format-ajv-error';
export { validateDefinition, type DefinitionValidation } from './validate-definition';
export { compileFieldsValidator, type FieldsValidator } from './validate-fields';
export { templates, getTemplate, type Template } from './templates';
export { deepFreeze } from './templates/deep-freeze';
