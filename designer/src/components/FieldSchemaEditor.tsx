import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FIELD_FORMATS, FIELD_TYPES, type FieldSpec, type FieldsSchema } from '@funnel/schemas';

export type Props = { fields: FieldsSchema; onChange: (fields: FieldsSchema) => void };

/** What a new field's name must look like (a guard reads it as a `var` path segment). */
const FIELD_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/** The record's field schema as a form: one card per field with name, type, format, required and options. */
export function FieldSchemaEditor({ fields, onChange }: Props) {
  const { t } = useTranslation();
  const required = new Set(fields.required ?? []);

  const write = (properties: Record<string, FieldSpec>, requiredNames: Set<string>) => {
    const names = [...requiredNames].filter((name) => name in properties);
    const { required: _required, ...rest } = fields;
    onChange(names.length === 0 ? { ...rest, properties } : { ...rest, properties, required: names });
  };
  const setField = (name: string, spec: FieldSpec) => write({ ...fields.properties, [name]: spec }, required);
  const setRequired = (name: string, isRequired: boolean) => {
    const next = new Set(required);
    if (isRequired) next.add(name);
    else next.delete(name);
    write(fields.properties, next);
  };
  const removeField = (name: string) => {
    const { [name]: _removed, ...properties } = fields.properties;
    write(properties, required);
  };

  return (
    <fieldset className="field-schema-editor" data-testid="field-schema-editor">
      <legend>{t('fields.title')}</legend>
      <ul className="field-list">
        {Object.entries(fields.properties).map(([name, spec]) => (
          <FieldRow
            key={name}
            name={name}
            spec={spec}
            required={required.has(name)}
            onChange={(next) => setField(name, next)}
            onRequiredChange={(isRequired) => setRequired(name, isRequired)}
            onRemove={() => removeField(name)}
          />
        ))}
      </ul>
      <AddFieldForm taken={(name) => name in fields.properties} onAdd={(name) => setField(name, { type: 'string' })} />
    </fieldset>
  );
}

type FieldRowProps = {
  name: string;
  spec: FieldSpec;
  required: boolean;
  onChange: (spec: FieldSpec) => void;
  onRequiredChange: (required: boolean) => void;
  onRemove: () => void;
};

/**
 * One field, as a small card that fits the side panel at any width: its name and a button to remove it, then its
 * type and format, whether it is required, and its options (an enum), each with its label shown.
 */
function FieldRow({ name, spec, required, onChange, onRequiredChange, onRemove }: FieldRowProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <li className="field-row">
      <div className="field-row-head">
        <code>{name}</code>
        <button type="button" aria-label={t('fields.removeOf', { name })} onClick={onRemove}>
          ✕
        </button>
      </div>
      <div className="field-row-grid">
        <label htmlFor={`${id}-type`}>{t('fields.type')}</label>
        <select
          id={`${id}-type`}
          aria-label={t('fields.typeOf', { name })}
          value={spec.type}
          onChange={(event) => onChange({ ...spec, type: event.target.value as FieldSpec['type'] })}
        >
          {FIELD_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`fields.types.${type}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-format`}>{t('fields.format')}</label>
        <select
          id={`${id}-format`}
          aria-label={t('fields.formatOf', { name })}
          value={spec.format ?? ''}
          onChange={(event) => onChange(withFormat(spec, event.target.value))}
        >
          <option value="">—</option>
          {FIELD_FORMATS.map((format) => (
            <option key={format} value={format}>
              {t(`fields.formats.${format}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-options`}>{t('fields.options')}</label>
        <input
          id={`${id}-options`}
          aria-label={t('fields.optionsOf', { name })}
          defaultValue={(spec.enum ?? []).join(', ')}
          placeholder={t('fields.optionsHint')}
          onBlur={(event) => onChange(withOptions(spec, event.target.value))}
        />
        <label className="check field-required">
          <input
            type="checkbox"
            aria-label={t('fields.requiredOf', { name })}
            checked={required}
            onChange={(event) => onRequiredChange(event.target.checked)}
          />
          {t('fields.required')}
        </label>
      </div>
    </li>
  );
}

/** The form that adds a string field under a new, valid name. */
function AddFieldForm({ taken, onAdd }: { taken: (name: string) => boolean; onAdd: (name: string) => void }) {
  const { t } = useTranslation();
  const [newName, setNewName] = useState('');
  return (
    <form
      className="row"
      onSubmit={(event) => {
        event.preventDefault();
        const name = newName.trim();
        if (!FIELD_NAME.test(name) || taken(name)) return;
        onAdd(name);
        setNewName('');
      }}
    >
      <label htmlFor="new-field-name">{t('fields.add')}</label>
      <input id="new-field-name" value={newName} pattern="[a-zA-Z][a-zA-Z0-9_]*" onChange={(event) => setNewName(event.target.value)} />
      <button type="submit">{t('fields.addButton')}</button>
    </form>
  );
}

/** The spec with the chosen format, or without one for the empty choice. */
function withFormat(spec: FieldSpec, format: string): FieldSpec {
  const { format: _format, ...rest } = spec;
  return format === '' ? rest : { ...rest, format: format as FieldSpec['format'] & string };
}

/** The spec with the comma-separated options as its enum (numbers for a numeric field), or without an enum when there are none. */
function withOptions(spec: FieldSpec, text: string): FieldSpec {
  const options = text
    .split(',')
    .map((option) => option.trim())
    .filter(Boolean);
  const { enum: _enum, ...rest } = spec;
  return options.length === 0 ? rest : { ...rest, enum: spec.type === 'number' || spec.type === 'integer' ? options.map(Number) : options };
}
