import { useTranslation } from 'react-i18next';
import type { Refusal } from './record-mutations';
import { refusalText } from './refusal-text';

export type Props = {
  refusal: Refusal | null;
  /** Reads the record again: offered when someone else changed it meanwhile. */
  onReload: () => void;
};

/** The api's refusal of a change, in words, announced; a version conflict offers to reload the record. */
export function RefusalMessage({ refusal, onReload }: Props) {
  const { t, i18n } = useTranslation('record');
  const { t: common } = useTranslation();
  if (!refusal) return null;
  const lines = refusalText({ refusal, t, common, locale: i18n.language });
  return (
    <div className="form-problem record-refusal" role="alert">
      {lines.length === 1 ? (
        <p>{lines[0]}</p>
      ) : (
        <ul>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {refusal.__typename === 'VersionConflict' ? (
        <button type="button" onClick={onReload}>
          {t('refusal.reload')}
        </button>
      ) : null}
    </div>
  );
}
