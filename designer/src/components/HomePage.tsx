import { useTranslation } from 'react-i18next';
import { listWorkflows } from '../api/funnel-api';
import { useApiQuery } from '../api/useApiQuery';
import { ErrorMessage } from './ErrorMessage';
import { TemplateGallery } from './TemplateGallery';
import { WorkflowList } from './WorkflowList';

export type Props = Record<string, never>;

/** Where an admin starts: their workflows, or a template. */
export function HomePage(_props: Props) {
  const { t } = useTranslation();
  const workflows = useApiQuery(() => listWorkflows(), []);
  return (
    <main className="home">
      <h1>{t('home.title')}</h1>
      {workflows.status === 'error' ? <ErrorMessage error={workflows.error} /> : null}
      {workflows.status === 'loading' ? <p>{t('app.loading')}</p> : null}
      {workflows.status === 'done' ? <WorkflowList workflows={workflows.data} /> : null}
      <TemplateGallery takenKeys={new Set(workflows.status === 'done' ? workflows.data.map((w) => w.key) : [])} />
    </main>
  );
}
