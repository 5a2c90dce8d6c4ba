import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, type LocalizedText } from '@funnel/schemas';

export type Props = { label: string; value: LocalizedText | undefined; onChange: (value: LocalizedText) => void; testId?: string; long?: boolean };

/** The most a long text (a stage's guidance) holds in one language, as the schema allows. */
const LONG_TEXT_MAX_LENGTH = 2_000;

/**
 * One text in English (required), Simplified and Traditional Chinese (optional, fall back to English). A `long` one
 * (a few short paragraphs) is typed in text areas and may be left empty (the whole text is then optional).
 */
export function LocalizedTextInput({ label, value, onChange, testId, long = false }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const current: LocalizedText = value ?? { en: '' };
  return (
    <fieldset className="localized-text">
      <legend>{label}</legend>
      {LOCALES.map((locale) => (
        <div key={locale} className={long ? 'form-field' : 'row'}>
          <label htmlFor={`${id}-${locale}`}>{t(`locale.${locale}`)}</label>
          <TextBox
            long={long}
            id={`${id}-${locale}`}
            data-testid={testId ? `${testId}-${locale}` : undefined}
            value={current[locale] ?? ''}
            required={locale === 'en' && !long}
            onChange={(event) => {
              const next: LocalizedText = { ...current };
              const text = event.target.value;
              if (locale === 'en') next.en = text;
              else if (text === '') delete next[locale];
              else next[locale] = text;
              onChange(next);
            }}
          />
        </div>
      ))}
    </fieldset>
  );
}

type TextBoxProps = {
  long: boolean;
  id: string;
  'data-testid': string | undefined;
  value: string;
  required: boolean;
  onChange: (event: { target: { value: string } }) => void;
};

/** A one-line input, or a text area for a long text. */
function TextBox({ long, ...props }: TextBoxProps) {
  return long ? <textarea rows={3} maxLength={LONG_TEXT_MAX_LENGTH} {...props} /> : <input {...props} />;
}
