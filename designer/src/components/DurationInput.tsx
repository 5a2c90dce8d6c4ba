import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../model/format-duration';
import { type DurationProblem, parseDuration } from '../model/parse-duration';

export type Props = { label: string; value: string | undefined; onChange: (iso: string) => void; testId?: string };

/** A duration typed as people say it ("7 days", "2 周"), stored as ISO-8601, shown back in the user's words. */
export function DurationInput({ label, value, onChange, testId }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const shown = value ? formatDuration({ iso: value, locale: i18n.language }) : '';
  const [text, setText] = useState(shown);
  const [problem, setProblem] = useState<DurationProblem | null>(null);
  useEffect(() => setText(shown), [shown]);

  // The parser's problem in the user's language: where it stopped reading, or which unit came twice.
  const problemText = (found: DurationProblem) =>
    t(`duration.problem.${found.code}`, { at: 'at' in found ? found.at : '', unit: 'unit' in found ? t(`duration.units.${found.unit}`) : '' });
  const commit = () => {
    const parsed = parseDuration(text);
    if (!parsed.ok) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    if (parsed.iso !== value) onChange(parsed.iso);
    else setText(shown);
  };

  return (
    <div className="row duration-input">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={testId}
        value={text}
        placeholder={t('duration.placeholder')}
        aria-invalid={problem !== null}
        aria-describedby={`${id}-help`}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
        }}
      />
      <small id={`${id}-help`} className={problem ? 'field-error' : 'hint'}>
        {problem ? t('duration.invalid', { problem: problemText(problem) }) : value ? <code>{value}</code> : t('duration.help')}
      </small>
    </div>
  );
}
