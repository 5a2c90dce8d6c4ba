import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FIELD_FORMATS, FIELD_TYPES, type FieldSpec, type FieldsSchema } from '@funnel/schemas';

export type Props = { fields: FieldsSchema; onChange: (fields: FieldsSchema) => void };

/** The record's field schema as a form: one row per field with name, type, format, required and options. */
export function FieldSchemaEditor({ fields, onChange }: Props) {
  const { t } = useTranslation();
  const [newName, setNewName] = useState('');
  const required = new Set(fields.required ?? []);
  const entries = Object.entries(fields.properties);

  const write = (properties: Record<string, FieldSpec>, requiredNames: Set<string>) => {
    const names = [...requiredNames].filter((name) => name in properties);
    const { required: _required, ...rest } = fields;
    onChange(names.length === 0 ? { ...rest, properties } : { ...rest, properties, required: names });
  };
  const setField = (name: string, spec: FieldSpec) => write({ ...fields.properties, [name]: spec }, required);

  return (
    <fieldset className="field-schema-editor" data-testid="field-schema-editor">
      <legend>{t('fields.title')}</legend>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('fields.name')}</th>
            <th scope="col">{t('fields.type')}</th>
            <th scope="col">{t('fields.format')}</th>
            <th scope="col">{t('fields.required')}</th>
            <th scope="col">{t('fields.options')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('home.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, spec]) => (
            <tr key={name}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td>
                <select
                  aria-label={t('fields.typeOf', { name })}
                  value={spec.type}
                  onChange={(event) => setField(name, { ...spec, type: event.target.value as FieldSpec['type'] })}
                >
                  {FIELD_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {t(`fields.types.${type}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select
                  aria-label={t('fields.formatOf', { name })}
                  value={spec.format ?? ''}
                  onChange={(event) => {
                    const { format: _format, ...rest } = spec;
                    setField(name, event.target.value === '' ? rest : { ...rest, format: event.target.value as FieldSpec['format'] & string });
                  }}
                >
                  <option value="">—</option>
                  {FIELD_FORMATS.map((format) => (
                    <option key={format} value={format}>
                      {format}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('fields.requiredOf', { name })}
                  checked={required.has(name)}
                  onChange={(event) => {
                    const next = new Set(required);
                    if (event.target.checked) next.add(name);
                    else next.delete(name);
                    write(fields.properties, next);
                  }}
                />
              </td>
              <td>
                <input
                  aria-label={t('fields.optionsOf', { name })}
                  defaultValue={(spec.enum ?? []).join(', ')}
                  placeholder={t('fields.optionsHint')}
                  onBlur={(event) => {
                    const options = event.target.value
                      .split(',')
                      .map((option) => option.trim())
                      .filter(Boolean);
                    const { enum: _enum, ...rest } = spec;
                    setField(
                      name,
                      options.length === 0 ? rest : { ...rest, enum: spec.type === 'number' || spec.type === 'integer' ? options.map(Number) : options },
                    );
                  }}
                />
              </td>
              <td>
                <button
                  type="button"
                  aria-label={t('fields.removeOf', { name })}
                  onClick={() => {
                    const { [name]: _removed, ...properties } = fields.properties;
                    write(properties, required);
                  }}
                >
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          const name = newName.trim();
          if (!/^[a-zA-Z][a-zA-Z0-9_]*$/.test(name) || name in fields.properties) return;
          setField(name, { type: 'string' });
          setNewName('');
        }}
      >
        <label htmlFor="new-field-name">{t('fields.add')}</label>
        <input id="new-field-name" value={newName} pattern="[a-zA-Z][a-zA-Z0-9_]*" onChange={(event) => setNewName(event.target.value)} />
        <button type="submit">{t('fields.addButton')}</button>
      </form>
    </fieldset>
  );
}
