import { useTranslation } from 'react-i18next';
import type { EngagementRule, FitRule, LocalizedText, Scoring } from '@funnel/schemas';
import { uniqueKey } from '../model/unique-key';
import { CheckboxInput } from './CheckboxInput';
import { EngagementRuleEditor } from './EngagementRuleEditor';
import { FitRuleEditor } from './FitRuleEditor';
import { NumberInput } from './NumberInput';

export type Props = { scoring: Scoring | undefined; fieldNames: readonly string[]; onChange: (scoring: Scoring | undefined) => void };

/** The maximum a new scoring starts from: a score out of 100, as most teams read it. */
const NEW_SCORING: Scoring = { max: 100 };
/** The highest maximum a score may have (the schema's limit). */
const MAX_SCORE_MAXIMUM = 10_000;
/** What a new fit rule gives, and a new engagement rule for each activity. */
const NEW_RULE_POINTS = 10;

/**
 * How records are scored, as a form: the maximum, the fit rules (points while a condition on the record holds) and
 * the engagement rules (points for each logged activity, fading with a half-life). Switched off, no scoring section.
 */
export function ScoringEditor({ scoring, fieldNames, onChange }: Props) {
  const { t } = useTranslation();
  const fit = scoring?.fit ?? [];
  const engagement = scoring?.engagement ?? [];
  const keys = new Set([...fit, ...engagement].map((rule) => rule.key));
  const inEveryLanguage = (key: string): LocalizedText => ({
    en: t(key, { lng: 'en' }),
    'zh-Hans': t(key, { lng: 'zh-Hans' }),
    'zh-Hant': t(key, { lng: 'zh-Hant' }),
  });
  const setFit = (next: FitRule[]) => {
    if (!scoring) return;
    const { fit: _old, ...rest } = scoring;
    onChange(next.length === 0 ? rest : { ...rest, fit: next });
  };
  const setEngagement = (next: EngagementRule[]) => {
    if (!scoring) return;
    const { engagement: _old, ...rest } = scoring;
    onChange(next.length === 0 ? rest : { ...rest, engagement: next });
  };
  return (
    <section className="scoring-editor" aria-labelledby="scoring-heading" data-testid="scoring-editor">
      <h3 id="scoring-heading">{t('scoring.title')}</h3>
      <CheckboxInput label={t('scoring.on')} checked={scoring !== undefined} testId="scoring-on" onChange={(on) => onChange(on ? NEW_SCORING : undefined)} />
      {scoring ? (
        <>
          <p className="hint">{t('scoring.explain')}</p>
          <NumberInput
            label={t('scoring.max')}
            value={scoring.max}
            min={1}
            max={MAX_SCORE_MAXIMUM}
            testId="scoring-max"
            onChange={(max) => onChange({ ...scoring, max: max ?? 1 })}
          />
          <h4>{t('scoring.fit')}</h4>
          {fit.map((rule, index) => (
            <FitRuleEditor
              key={rule.key}
              rule={rule}
              fieldNames={fieldNames}
              onChange={(next) => setFit(fit.map((old, i) => (i === index ? next : old)))}
              onRemove={() => setFit(fit.filter((_, i) => i !== index))}
            />
          ))}
          <button
            type="button"
            data-testid="scoring-add-fit"
            onClick={() =>
              setFit([...fit, { key: uniqueKey('fit_rule', keys), name: inEveryLanguage('scoring.newFitRule'), when: true, points: NEW_RULE_POINTS }])
            }
          >
            {t('scoring.addFit')}
          </button>
          <h4>{t('scoring.engagement')}</h4>
          {engagement.map((rule, index) => (
            <EngagementRuleEditor
              key={rule.key}
              rule={rule}
              onChange={(next) => setEngagement(engagement.map((old, i) => (i === index ? next : old)))}
              onRemove={() => setEngagement(engagement.filter((_, i) => i !== index))}
            />
          ))}
          <button
            type="button"
            data-testid="scoring-add-engagement"
            onClick={() =>
              setEngagement([
                ...engagement,
                { key: uniqueKey('engagement_rule', keys), name: inEveryLanguage('scoring.newEngagementRule'), activity: 'call', points: NEW_RULE_POINTS },
              ])
            }
          >
            {t('scoring.addEngagement')}
          </button>
        </>
      ) : null}
    </section>
  );
}
