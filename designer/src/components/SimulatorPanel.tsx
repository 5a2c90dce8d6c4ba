import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { compile, type Actor, type CompiledWorkflow } from '@funnel/engine';
import { ROLES, type Role, type WorkflowDefinition } from '@funnel/schemas';
import { type ApiRecord, listRecordActivities, listRecords, listRoutingPeople } from '../api/funnel-api';
import { type ApiQuery, useApiQuery } from '../api/useApiQuery';
import { type DefinitionNames, definitionNames } from '../model/definition-names';
import { sampleRecord } from '../model/sample-record';
import type { RoutingPerson } from '../model/simulated-routing';
import { type Simulation, type Simulator, useSimulation } from '../store/useSimulation';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { CheckboxList } from './CheckboxList';
import { ErrorMessage } from './ErrorMessage';
import { GuardExplanation } from './GuardExplanation';
import { SimulatorOption } from './SimulatorOption';
import { SimulatorRouting } from './SimulatorRouting';
import { SimulatorScore } from './SimulatorScore';
import { SimulatorTimeline } from './SimulatorTimeline';
import { SimulatorTimers } from './SimulatorTimers';

export type Props = { workflowKey: string };

const DEFAULT_ACTOR: Actor = { id: 'simulator', roles: ['admin', 'sales', 'manager'] };
const DEFAULT_SAMPLE_FIELDS = '{\n  "name": "Sample lead"\n}';
/** How far "advance" moves the simulated time unless the user says otherwise. */
const DEFAULT_ADVANCE_DAYS = 7;

/**
 * Runs the engine in the browser against the definition being edited: pick or enter a sample record and an
 * actor, see where it is, which transitions are open and why the others are closed, step it through
 * transitions and timers (advancing time by days). Nothing is written to the api.
 */
export function SimulatorPanel({ workflowKey }: Props) {
  const { t, i18n } = useTranslation();
  const definition = useWorkflowStore((state) => state.definition);
  const compiled = useMemo(() => (definition ? compile(definition) : null), [definition]);
  const records = useApiQuery(() => listRecords({ workflowKey }), [workflowKey]);
  const people = useApiQuery(listRoutingPeople, []);
  // The form's state lives here, above the early returns, so it outlasts a moment when the definition does not compile.
  const [actor, setActor] = useState<Actor>(DEFAULT_ACTOR);
  const [fieldsText, setFieldsText] = useState(DEFAULT_SAMPLE_FIELDS);
  const [days, setDays] = useState(DEFAULT_ADVANCE_DAYS);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  // The record picked stays picked (and named) while the simulation runs, whatever is done to it.
  const [picked, setPicked] = useState('');
  const workflow = compiled?.ok ? compiled.workflow : null;
  const simulator = useSimulation({ workflow, actor });

  if (!definition) return null;
  if (!workflow) {
    return (
      <section className="side-panel-body simulator" data-testid="simulator">
        <h2>{t('simulator.title')}</h2>
        <p className="field-error">{t('simulator.fixFirst')}</p>
      </section>
    );
  }

  const names = definitionNames({ definition, locale: i18n.language });
  const { simulation, problem } = simulator;
  return (
    <section className="side-panel-body simulator" aria-labelledby="simulator-heading" data-testid="simulator">
      <h2 id="simulator-heading">{t('simulator.title')}</h2>
      <p className="hint">{t('simulator.explain')}</p>
      <ActorFields actor={actor} onChange={setActor} />
      <SampleFields
        records={records}
        workflow={workflow}
        stageName={names.stage}
        picked={picked}
        onPick={setPicked}
        fieldsText={fieldsText}
        onFieldsTextChange={setFieldsText}
        start={simulator.start}
        startFromFields={() => {
          setPicked('');
          simulator.startFromFields(fieldsText);
        }}
      />
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {simulation ? (
        <SimulationView
          simulation={simulation}
          simulator={simulator}
          workflow={workflow}
          definition={definition}
          names={names}
          days={days}
          onDaysChange={setDays}
          reasons={reasons}
          onReasonsChange={setReasons}
          people={people}
        />
      ) : null}
    </section>
  );
}

/** Who takes the transitions: an id and roles. */
function ActorFields({ actor, onChange }: { actor: Actor; onChange: (actor: Actor) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('simulator.actor')}</legend>
      <div className="row">
        <label htmlFor="sim-actor">{t('simulator.actorId')}</label>
        <input id="sim-actor" value={actor.id} onChange={(event) => onChange({ ...actor, id: event.target.value })} />
      </div>
      <CheckboxList
        legend={t('simulator.roles')}
        options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
        value={actor.roles}
        onChange={(roles) => onChange({ ...actor, roles: (roles ?? []) as Role[] })}
      />
    </fieldset>
  );
}

type SampleFieldsProps = {
  records: ApiQuery<ApiRecord[]> & { reload: () => void };
  workflow: CompiledWorkflow;
  stageName: (key: string) => string;
  /** The id of the record picked, '' when none is. */
  picked: string;
  onPick: (id: string) => void;
  fieldsText: string;
  onFieldsTextChange: (text: string) => void;
  start: Simulator['start'];
  startFromFields: () => void;
};

/** Where the sample record comes from: one of the workflow's records, or fields written as JSON. */
function SampleFields({ records, workflow, stageName, picked, onPick, fieldsText, onFieldsTextChange, start, startFromFields }: SampleFieldsProps) {
  const { t } = useTranslation();
  // The record whose activities are awaited: an answer for an earlier pick, or after fields were started, is dropped.
  const awaited = useRef('');
  return (
    <fieldset>
      <legend>{t('simulator.sample')}</legend>
      <div className="row">
        <label htmlFor="sim-record">{t('simulator.pickRecord')}</label>
        <select
          id="sim-record"
          data-testid="sim-record"
          value={picked}
          onChange={(event) => {
            const record = records.status === 'done' ? records.data.find((candidate) => candidate.id === event.target.value) : undefined;
            onPick(record ? record.id : '');
            awaited.current = record ? record.id : '';
            // Its activities come with it for its engagement score; without them (not read) it is scored on its fit.
            if (record)
              void listRecordActivities({ id: record.id })
                .catch(() => [])
                .then((activities) => {
                  if (awaited.current === record.id) start(sampleRecord({ workflow, record, activities }), Date.now());
                });
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
      <textarea id="sim-fields" rows={4} value={fieldsText} spellCheck={false} onChange={(event) => onFieldsTextChange(event.target.value)} />
      <button
        type="button"
        onClick={() => {
          awaited.current = '';
          startFromFields();
        }}
        data-testid="sim-start"
      >
        {t('simulator.start')}
      </button>
    </fieldset>
  );
}

type SimulationViewProps = {
  simulation: Simulation;
  simulator: Simulator;
  workflow: CompiledWorkflow;
  definition: WorkflowDefinition;
  names: DefinitionNames;
  days: number;
  onDaysChange: (days: number) => void;
  reasons: Record<string, string>;
  onReasonsChange: (reasons: Record<string, string>) => void;
  people: ApiQuery<RoutingPerson[]>;
};

/**
 * The running simulation: where the record is, whom routing would give it to and its score, its transitions, the
 * simulated time and its timers, and its timeline.
 */
function SimulationView({ simulation, simulator, workflow, definition, names, days, onDaysChange, reasons, onReasonsChange, people }: SimulationViewProps) {
  const { t, i18n } = useTranslation();
  const { options } = simulator;
  const dates = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <>
      <p data-testid="sim-current">
        {t('simulator.currentStage')}: <strong>{names.stage(simulation.record.stage)}</strong> · {t('simulator.now')}: {dates.format(simulation.now)} ·{' '}
        {t('stage.probability')}: {simulation.record.probability}
      </p>
      <SimulatorRouting workflow={workflow} record={simulation.record} now={simulation.now} people={people} />
      <SimulatorScore workflow={workflow} record={simulation.record} now={simulation.now} />
      <h3>{t('simulator.transitions')}</h3>
      {options.length === 0 ? <p>{t('simulator.noTransitions')}</p> : null}
      {options.map((option) => (
        <SimulatorOption
          key={option.transition}
          option={option}
          names={names}
          reason={reasons[option.transition] ?? ''}
          onReasonChange={(reason) => onReasonsChange({ ...reasons, [option.transition]: reason })}
          onTake={() => simulator.step({ transition: option.transition, reason: reasons[option.transition] })}
          why={
            option.blockers.some((blocker) => blocker.type === 'guard') ? (
              <GuardExplanation workflow={workflow} definition={definition} transition={option.transition} record={simulation.record} now={simulation.now} />
            ) : null
          }
        />
      ))}
      <h3>{t('simulator.time')}</h3>
      <div className="row">
        <label htmlFor="sim-days">{t('simulator.days')}</label>
        <input
          id="sim-days"
          type="number"
          min={1}
          value={days}
          onChange={(event) => onDaysChange(Math.max(1, Number(event.target.value) || 1))}
          data-testid="sim-days"
        />
        <button type="button" onClick={() => simulator.advance(days)} data-testid="sim-advance">
          {t('simulator.advance')}
        </button>
      </div>
      <SimulatorTimers timers={simulation.record.timers} definition={definition} names={names} simulator={simulator} dates={dates} />
      <SimulatorTimeline simulator={simulator} names={names} dates={dates} />
      <button type="button" onClick={simulator.reset}>
        {t('simulator.reset')}
      </button>
    </>
  );
}
