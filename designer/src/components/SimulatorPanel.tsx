import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyTransition, availableTransitions, compile, createRecord, fireDueTimers, type Actor, type FunnelEvent, type FunnelRecord } from '@funnel/engine';
import { ROLES, type Role } from '@funnel/schemas';
import { listRecords } from '../api/funnel-api';
import { useApiQuery } from '../api/useApiQuery';
import { blockerText } from '../model/blocker-text';
import { localizedText } from '../model/localized-text';
import { sampleRecord } from '../model/sample-record';
import { useSimulationStore } from '../store/useSimulationStore';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { CheckboxList } from './CheckboxList';
import { ErrorMessage } from './ErrorMessage';

export type Props = { apiKey: string; workflowKey: string };

const DAY_MS = 24 * 60 * 60 * 1000;
const SIMULATED_RECORD_ID = 'simulated';
const DEFAULT_SAMPLE_FIELDS = '{\n  "name": "Sample lead"\n}';

type Simulation = { record: FunnelRecord; now: number; log: FunnelEvent[] };

/**
 * Runs the engine in the browser against the definition being edited: pick or enter a sample record and an
 * actor, see where it is, which transitions are open and why the others are closed, step it through
 * transitions and timers (advancing time by days). Nothing is written to the api.
 */
export function SimulatorPanel({ apiKey, workflowKey }: Props) {
  const { t, i18n } = useTranslation();
  const definition = useWorkflowStore((state) => state.definition);
  const compiled = useMemo(() => (definition ? compile(definition) : null), [definition]);
  const records = useApiQuery(() => listRecords({ apiKey, workflowKey }), [apiKey, workflowKey]);
  const [actor, setActor] = useState<Actor>({ id: 'simulator', roles: ['admin', 'sales', 'manager'] });
  const [fieldsText, setFieldsText] = useState(DEFAULT_SAMPLE_FIELDS);
  const [simulation, setSimulation] = useState<Simulation | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [days, setDays] = useState(7);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const show = useSimulationStore((state) => state.show);
  const stop = useSimulationStore((state) => state.stop);

  const workflow = compiled?.ok ? compiled.workflow : null;
  const options = useMemo(
    () => (workflow && simulation ? availableTransitions({ workflow, record: simulation.record, actor, now: simulation.now }) : []),
    [workflow, simulation, actor],
  );

  useEffect(() => {
    if (!simulation) return stop();
    show({
      stage: simulation.record.stage,
      options: options.map((option) => ({
        transition: option.transition,
        to: option.to,
        available: option.available,
        reasons: option.blockers.map((blocker) => blockerText({ blocker, t, locale: i18n.language })),
      })),
    });
  }, [simulation, options, show, stop, t, i18n.language]);
  useEffect(() => stop, [stop]);

  if (!definition) return null;
  if (!workflow) {
    return (
      <section className="side-panel-body simulator" data-testid="simulator">
        <h2>{t('simulator.title')}</h2>
        <p className="field-error">{t('simulator.fixFirst')}</p>
      </section>
    );
  }

  const start = (record: FunnelRecord | null, now: number) => {
    if (!record) return setProblem(t('simulator.stageGone'));
    setProblem(null);
    setSimulation({ record, now, log: [] });
  };

  const startFromFields = () => {
    let fields: Record<string, unknown>;
    try {
      fields = JSON.parse(fieldsText) as Record<string, unknown>;
    } catch (error) {
      return setProblem(t('condition.notJson', { problem: error instanceof Error ? error.message : String(error) }));
    }
    const now = Date.now();
    const decision = createRecord({ workflow, id: SIMULATED_RECORD_ID, fields, actor, now });
    switch (decision.type) {
      case 'applied':
        return start(decision.record, now);
      case 'refused':
        return setProblem(decision.blockers.map((blocker) => blockerText({ blocker, t, locale: i18n.language })).join('; '));
      case 'not_found':
        return setProblem(t('simulator.notFound', { what: decision.what, key: decision.key }));
      default:
        return decision satisfies never;
    }
  };

  const step = (transition: string) => {
    if (!simulation) return;
    const reason = reasons[transition];
    const decision = applyTransition({ workflow, record: simulation.record, transition, actor, now: simulation.now, ...(reason ? { input: { reason } } : {}) });
    switch (decision.type) {
      case 'applied':
        setProblem(null);
        return setSimulation({ ...simulation, record: decision.record, log: [...simulation.log, ...decision.events] });
      case 'refused':
        return setProblem(decision.blockers.map((blocker) => blockerText({ blocker, t, locale: i18n.language })).join('; '));
      case 'not_found':
        return setProblem(t('simulator.notFound', { what: decision.what, key: decision.key }));
      default:
        return decision satisfies never;
    }
  };

  const advance = () => {
    if (!simulation) return;
    const now = simulation.now + days * DAY_MS;
    const change = fireDueTimers({ workflow, record: simulation.record, now });
    setSimulation({ record: change.record, now, log: [...simulation.log, ...change.events] });
  };

  const stageName = (key: string) => localizedText(definition.stages.find((stage) => stage.key === key)?.name, i18n.language) || key;
  const dates = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <section className="side-panel-body simulator" aria-labelledby="simulator-heading" data-testid="simulator">
      <h2 id="simulator-heading">{t('simulator.title')}</h2>
      <p className="hint">{t('simulator.explain')}</p>
      <fieldset>
        <legend>{t('simulator.actor')}</legend>
        <div className="row">
          <label htmlFor="sim-actor">{t('simulator.actorId')}</label>
          <input id="sim-actor" value={actor.id} onChange={(event) => setActor({ ...actor, id: event.target.value })} />
        </div>
        <CheckboxList
          legend={t('simulator.roles')}
          options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          value={actor.roles}
          onChange={(roles) => setActor({ ...actor, roles: (roles ?? []) as Role[] })}
        />
      </fieldset>
      <fieldset>
        <legend>{t('simulator.sample')}</legend>
        <div className="row">
          <label htmlFor="sim-record">{t('simulator.pickRecord')}</label>
          <select
            id="sim-record"
            data-testid="sim-record"
            value=""
            onChange={(event) => {
              const picked = records.status === 'done' ? records.data.find((record) => record.id === event.target.value) : undefined;
              if (picked) start(sampleRecord({ workflow, record: picked }), Date.now());
            }}
          >
            <option value="">{records.status === 'loading' ? t('app.loading') : t('simulator.choose')}</option>
            {records.status === 'done'
              ? records.data.map((record) => (
                  <option key={record.id} value={record.id}>
                    {String(record.fields.name ?? record.id)} — {stageName(record.stage)}
                  </option>
                ))
              : null}
          </select>
          <button type="button" onClick={records.reload}>
            {t('simulator.refresh')}
          </button>
        </div>
        {records.status === 'error' ? <ErrorMessage error={records.error} /> : null}
        <label htmlFor="sim-fields">{t('simulator.orFields')}</label>
        <textarea id="sim-fields" rows={4} value={fieldsText} spellCheck={false} onChange={(event) => setFieldsText(event.target.value)} />
        <button type="button" onClick={startFromFields} data-testid="sim-start">
          {t('simulator.start')}
        </button>
      </fieldset>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {simulation ? (
        <>
          <p data-testid="sim-current">
            {t('simulator.currentStage')}: <strong>{stageName(simulation.record.stage)}</strong> · {t('simulator.now')}: {dates.format(simulation.now)} ·{' '}
            {t('stage.probability')}: {simulation.record.probability}
          </p>
          <h3>{t('simulator.transitions')}</h3>
          {options.length === 0 ? <p>{t('simulator.noTransitions')}</p> : null}
          {options.map((option) => (
            <div key={option.transition} className={`option ${option.available ? 'open' : 'closed'}`} data-testid={`sim-option-${option.transition}`}>
              <strong>{localizedText(option.name, i18n.language)}</strong> → {stageName(option.to)} —{' '}
              {option.available ? t('simulator.open') : t('simulator.closed')}
              {option.reason ? (
                <select
                  aria-label={t('simulator.reason')}
                  value={reasons[option.transition] ?? ''}
                  onChange={(event) => setReasons({ ...reasons, [option.transition]: event.target.value })}
                >
                  <option value="">{option.reason.required ? t('simulator.reasonRequired') : t('simulator.noReason')}</option>
                  {option.reason.options.map((reason) => (
                    <option key={reason} value={reason}>
                      {reason}
                    </option>
                  ))}
                </select>
              ) : null}
              <button type="button" disabled={!option.available} onClick={() => step(option.transition)} data-testid={`sim-step-${option.transition}`}>
                {t('simulator.take')}
              </button>
              {option.blockers.length > 0 ? (
                <ul className="reasons">
                  {option.blockers.map((blocker, index) => (
                    <li key={index}>{blockerText({ blocker, t, locale: i18n.language })}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ))}
          <h3>{t('simulator.time')}</h3>
          <div className="row">
            <label htmlFor="sim-days">{t('simulator.days')}</label>
            <input
              id="sim-days"
              type="number"
              min={1}
              value={days}
              onChange={(event) => setDays(Math.max(1, Number(event.target.value) || 1))}
              data-testid="sim-days"
            />
            <button type="button" onClick={advance} data-testid="sim-advance">
              {t('simulator.advance')}
            </button>
          </div>
          {simulation.record.timers.length > 0 ? (
            <ul>
              {simulation.record.timers.map((timer) => (
                <li key={timer.key}>{t('simulator.timerDue', { timer: timer.key, date: dates.format(timer.dueAt) })}</li>
              ))}
            </ul>
          ) : null}
          <h3>{t('simulator.log')}</h3>
          <ol className="sim-log" data-testid="sim-log">
            {simulation.log.map((event, index) => (
              <li key={index}>
                {dates.format(event.at)} — {t(`event.${event.type}`, { defaultValue: event.type })}
                {event.type === 'transitioned' ? `: ${stageName(event.from)} → ${stageName(event.to)}` : ''}
              </li>
            ))}
          </ol>
          <button type="button" onClick={() => setSimulation(null)}>
            {t('simulator.reset')}
          </button>
        </>
      ) : null}
    </section>
  );
}
