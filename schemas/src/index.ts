export * from './definition-schema';
export * from './errors';
export { ajv } from './ajv-instance';
export { formatAjvError, escapePointer } from './format-ajv-error';
export { validateDefinition, type DefinitionValidation } from './validate-definition';
export { compileFieldsValidator, type FieldsValidator } from './validate-fields';
export { templates, getTemplate, type Template } from './templates';
