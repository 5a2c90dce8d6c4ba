import { useTranslation } from 'react-i18next';
import type { WorkflowSummary } from '../api/funnel-api';
import { localizedText } from '../model/localized-text';
import { navigate } from '../session/useRoute';

export type Props = { workflows: readonly WorkflowSummary[] };

function workflowName(workflow: WorkflowSummary, locale: string): string {
  const { en, zhHans, zhHant } = workflow.localizedName;
  return localizedText({ en, 'zh-Hans': zhHans, 'zh-Hant': zhHant }, locale);
}

/** The tenant's workflows with their published versions and whether a draft is open. */
export function WorkflowList({ workflows }: Props) {
  const { t, i18n } = useTranslation();
  const dates = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section aria-labelledby="workflows-heading" className="workflow-list">
      <h2 id="workflows-heading">{t('home.workflows')}</h2>
      {workflows.length === 0 ? <p>{t('home.noWorkflows')}</p> : null}
      <table hidden={workflows.length === 0}>
        <thead>
          <tr>
            <th scope="col">{t('home.name')}</th>
            <th scope="col">{t('home.latestVersion')}</th>
            <th scope="col">{t('home.draft')}</th>
            <th scope="col">{t('home.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {workflows.map((workflow) => (
            <tr key={workflow.key}>
              <td>
                <a href={`#/workflows/${encodeURIComponent(workflow.key)}`}>{workflowName(workflow, i18n.language)}</a> <code>{workflow.key}</code>
              </td>
              <td>
                {workflow.latestVersion > 0 ? t('home.version', { version: workflow.latestVersion }) : t('home.unpublished')}
                {workflow.versions.length > 0 ? (
                  <ul className="version-dates">
                    {workflow.versions.map((version) => (
                      <li key={version.version}>
                        {t('home.version', { version: version.version })} — {dates.format(new Date(version.publishedAt))}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
              <td>{workflow.draftUpdatedAt ? t('home.draftSaved', { date: dates.format(new Date(workflow.draftUpdatedAt)) }) : '—'}</td>
              <td>
                <button type="button" onClick={() => navigate({ page: 'editor', workflowKey: workflow.key })}>
                  {t('home.open')}
                </button>{' '}
                <button type="button" onClick={() => navigate({ page: 'dashboard', workflowKey: workflow.key })}>
                  {t('home.dashboard')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
