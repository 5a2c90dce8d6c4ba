import { useTranslation } from 'react-i18next';
import { fetchDashboardPeople, type DashboardFilter, type DashboardPerson } from '../api/funnel-api';
import { useApiQuery } from '../api/useApiQuery';

export type Props = {
  filter: DashboardFilter;
  onChange: (filter: DashboardFilter) => void;
  /** The definition's pipelines (hunters, farmers), named in the reader's language; no pipeline select without them. */
  pipelines: readonly { key: string; name: string }[];
  /** The values of the definition's `source` field (its enum); no source select when it lists none. */
  sources: readonly string[];
  compare: boolean;
  onCompare: (compare: boolean) => void;
};

/** A person or a team as the people select holds it: `person:<id>`, `team:<id>`, or '' for everyone. */
function whoValue(filter: DashboardFilter): string {
  if (filter.owner) return `person:${filter.owner}`;
  if (filter.team) return `team:${filter.team}`;
  return '';
}

/** The filter with the people select's choice in it (and no other person or team). */
function withWho(filter: DashboardFilter, value: string): DashboardFilter {
  const { owner: _owner, team: _team, ...rest } = filter;
  const at = value.indexOf(':');
  const kind = value.slice(0, at);
  const id = value.slice(at + 1);
  if (at > 0 && kind === 'person') return { ...rest, owner: id };
  if (at > 0 && kind === 'team') return { ...rest, team: id };
  return rest;
}

/** The people who lead a team: anyone someone reports to. */
function teamLeads(people: readonly DashboardPerson[]): DashboardPerson[] {
  const leads = new Set(people.map((person) => person.managerId).filter((id): id is string => id !== null));
  return people.filter((person) => leads.has(person.id));
}

/**
 * What the dashboard's reports are narrowed to (docs/metrics.md "Filters"): a pipeline, one person or a manager's team
 * (what happened while they owned the records; the pipeline: what they own now), a lead source (the pipeline's
 * records and time to first touch), and whether the period before is shown beside this one.
 */
export function DashboardFilters({ filter, onChange, pipelines, sources, compare, onCompare }: Props) {
  const { t } = useTranslation();
  const people = useApiQuery(fetchDashboardPeople, []);
  const everyone = people.status === 'done' ? people.data : [];
  const set = (change: Partial<DashboardFilter>) => {
    const next = { ...filter, ...change };
    for (const key of Object.keys(change) as (keyof DashboardFilter)[]) if (!next[key]) delete next[key];
    onChange(next);
  };
  return (
    <fieldset className="dashboard-filters" data-testid="dashboard-filters">
      <legend>{t('dashboard.filters')}</legend>
      <div className="row">
        {pipelines.length > 0 ? (
          <label>
            {t('dashboard.pipeline')}
            <select value={filter.pipeline ?? ''} onChange={(event) => set({ pipeline: event.target.value })} data-testid="dashboard-pipeline">
              <option value="">{t('dashboard.allPipelines')}</option>
              {pipelines.map((pipeline) => (
                <option key={pipeline.key} value={pipeline.key}>
                  {pipeline.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          {t('dashboard.who')}
          <select value={whoValue(filter)} onChange={(event) => onChange(withWho(filter, event.target.value))} data-testid="dashboard-who">
            <option value="">{t('dashboard.everyone')}</option>
            <optgroup label={t('dashboard.teams')}>
              {teamLeads(everyone).map((lead) => (
                <option key={lead.id} value={`team:${lead.id}`}>
                  {t('dashboard.teamOf', { name: lead.name })}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('dashboard.people')}>
              {everyone.map((person) => (
                <option key={person.id} value={`person:${person.id}`}>
                  {person.name}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        {sources.length > 0 ? (
          <label title={t('dashboard.sourceHint')}>
            {t('dashboard.source')}
            <select value={filter.source ?? ''} onChange={(event) => set({ source: event.target.value })} data-testid="dashboard-source">
              <option value="">{t('dashboard.anySource')}</option>
              {sources.map((source) => (
                <option key={source} value={source}>
                  {source}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          <input type="checkbox" checked={compare} onChange={(event) => onCompare(event.target.checked)} data-testid="dashboard-compare" />
          {t('dashboard.compare')}
        </label>
      </div>
      {filter.source ? <p className="hint">{t('dashboard.sourceHint')}</p> : null}
    </fieldset>
  );
}
