import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  FORECAST_CATEGORIES,
  PHASES,
  PROBABILITY_OVERRIDE_POLICIES,
  type ProbabilityOverridePolicy,
  type Stage,
  type WorkflowDefinition,
} from '@funnel/schemas';
import { localizedText } from '../model/localized-text';
import { uniqueKey } from '../model/unique-key';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { CheckboxList } from './CheckboxList';
import { GuardEditor } from './GuardEditor';
import { GuidanceEditor } from './GuidanceEditor';
import { LocalizedTextInput } from './LocalizedTextInput';
import { NumberInput } from './NumberInput';
import { PoolEditor } from './PoolEditor';
import { SelectInput } from './SelectInput';
import { StageKeyInput } from './StageKeyInput';
import { TimerEditor } from './TimerEditor';

export type Props = { stage: Stage; definition: WorkflowDefinition; fieldNames: readonly string[] };

/** Edits the selected stage: names, phase, probability and its override policy, forecast, outcome, required fields, guard, guidance, timers, pool rules; connects it onwards. */
export function StagePanel({ stage, definition, fieldNames }: Props) {
  const { t } = useTranslation();
  const updateStage = useWorkflowStore((state) => state.updateStage);
  const update = (next: Stage) => updateStage(stage.key, next);
  const fieldKeys = Object.keys(definition.fields.properties);
  return (
    <section className="side-panel-body" aria-labelledby="stage-panel-heading" data-testid="stage-panel">
      <h2 id="stage-panel-heading">
        {t('stage.title')} <code>{stage.key}</code>
      </h2>
      <LocalizedTextInput label={t('stage.name')} value={stage.name} onChange={(name) => update({ ...stage, name })} testId="stage-name" />
      <StageKeyInput stage={stage} definition={definition} />
      <SelectInput
        label={t('stage.phase')}
        value={stage.phase}
        options={PHASES.map((phase) => ({ value: phase, label: t(`phase.${phase}`) }))}
        onChange={(phase) => update({ ...stage, phase: phase as Stage['phase'] })}
      />
      <NumberInput
        label={t('stage.probability')}
        value={stage.probability}
        min={0}
        max={100}
        onChange={(probability) => update({ ...stage, probability: probability ?? 0 })}
        testId="stage-probability"
      />
      <SelectInput
        label={t('stage.probabilityOverride')}
        value={stage.probabilityOverride ?? ''}
        options={[
          { value: '', label: t('stage.probabilityOverrideInherit') },
          ...PROBABILITY_OVERRIDE_POLICIES.map((policy) => ({ value: policy, label: t(`probabilityOverride.${policy}`) })),
        ]}
        onChange={(policy) => {
          const { probabilityOverride: _old, ...rest } = stage;
          update(policy === '' ? rest : { ...rest, probabilityOverride: policy as ProbabilityOverridePolicy });
        }}
        testId="stage-probability-override"
      />
      <SelectInput
        label={t('stage.forecast')}
        value={stage.forecastCategory}
        options={FORECAST_CATEGORIES.map((category) => ({ value: category, label: t(`forecast.${category}`) }))}
        onChange={(forecastCategory) => update({ ...stage, forecastCategory: forecastCategory as Stage['forecastCategory'] })}
      />
      <SelectInput
        label={t('stage.outcome')}
        value={stage.outcome ?? ''}
        options={[
          { value: '', label: t('stage.noOutcome') },
          { value: 'won', label: t('kind.won') },
          { value: 'lost', label: t('kind.lost') },
        ]}
        onChange={(outcome) => {
          const { outcome: _old, ...rest } = stage;
          update(outcome === '' ? rest : { ...rest, outcome: outcome as 'won' | 'lost' });
        }}
      />
      <label className="check">
        <input type="checkbox" checked={stage.terminal ?? false} onChange={(event) => update({ ...stage, terminal: event.target.checked || undefined })} />
        {t('stage.terminal')}
      </label>
      <CheckboxList
        legend={t('stage.requiredFields')}
        options={fieldKeys.map((key) => ({ value: key, label: key }))}
        value={stage.requiredFields}
        onChange={(requiredFields) => update({ ...stage, requiredFields })}
      />
      <GuardEditor
        kind="stage"
        value={stage.guard}
        fieldNames={fieldNames}
        onChange={(guard) => {
          const { guard: _old, ...rest } = stage;
          update(guard ? { ...rest, guard } : rest);
        }}
      />
      <GuidanceEditor
        key={stage.key}
        stage={stage}
        fieldKeys={fieldKeys}
        onChange={(guidance) => {
          const { guidance: _old, ...rest } = stage;
          update(guidance ? { ...rest, guidance } : rest);
        }}
      />
      <StageTimers stage={stage} definition={definition} update={update} />
      <PoolSwitch stage={stage} definition={definition} fieldNames={fieldNames} update={update} />
      <ConnectStage stage={stage} definition={definition} />
    </section>
  );
}

type PartProps = { stage: Stage; definition: WorkflowDefinition; update: (stage: Stage) => void };

/** How long a timer waits before it first fires, until someone changes it (the "one-week rule"). */
const DEFAULT_TIMER_AFTER = 'P7D';

/** The stage's recycle timers, and a button that adds one firing the stage's first outgoing transition. */
function StageTimers({ stage, definition, update }: PartProps) {
  const { t } = useTranslation();
  const timers = stage.timers ?? [];
  return (
    <>
      <h3>{t('stage.timers')}</h3>
      {timers.map((timer, index) => (
        <TimerEditor
          key={timer.key}
          timer={timer}
          stageKey={stage.key}
          definition={definition}
          onChange={(next) => update({ ...stage, timers: timers.map((old, i) => (i === index ? next : old)) })}
          onRemove={() => {
            const kept = timers.filter((_, i) => i !== index);
            const { timers: _old, ...rest } = stage;
            update(kept.length === 0 ? rest : { ...rest, timers: kept });
          }}
        />
      ))}
      <button
        type="button"
        data-testid="add-timer"
        onClick={() => {
          const outgoing = definition.transitions.find((transition) => transition.from.includes(stage.key));
          const key = uniqueKey('recycle_timer', new Set(timers.map((timer) => timer.key)));
          update({ ...stage, timers: [...timers, { key, after: DEFAULT_TIMER_AFTER, action: { transition: outgoing?.key ?? 'recycle' } }] });
        }}
      >
        {t('stage.addTimer')}
      </button>
    </>
  );
}

/** Whether the stage is a pool (a public one when switched on), and its pool rules when it is. */
function PoolSwitch({ stage, definition, fieldNames, update }: PartProps & { fieldNames: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <>
      <label className="check">
        <input
          type="checkbox"
          checked={stage.pool !== undefined}
          onChange={(event) => {
            const { pool: _pool, ...rest } = stage;
            update(event.target.checked ? { ...rest, pool: { kind: 'public' } } : rest);
          }}
        />
        {t('stage.isPool')}
      </label>
      {stage.pool ? <PoolEditor pool={stage.pool} definition={definition} fieldNames={fieldNames} onChange={(pool) => update({ ...stage, pool })} /> : null}
    </>
  );
}

/** Picks another stage and adds a transition to it from this one. */
function ConnectStage({ stage, definition }: Omit<PartProps, 'update'>) {
  const { t, i18n } = useTranslation();
  const connect = useWorkflowStore((state) => state.connect);
  const [target, setTarget] = useState('');
  return (
    <>
      <h3>{t('stage.connect')}</h3>
      <div className="row">
        <label htmlFor="connect-target">{t('stage.connectTo')}</label>
        <select id="connect-target" value={target} onChange={(event) => setTarget(event.target.value)} data-testid="connect-target">
          <option value="">—</option>
          {definition.stages
            .filter((other) => other.key !== stage.key)
            .map((other) => (
              <option key={other.key} value={other.key}>
                {localizedText(other.name, i18n.language)}
              </option>
            ))}
        </select>
        <button type="button" disabled={target === ''} onClick={() => connect({ source: stage.key, target })} data-testid="connect-button">
          {t('stage.addTransition')}
        </button>
      </div>
    </>
  );
}
