import { useTranslation } from 'react-i18next';
import { usePeople } from '../people/usePeople';
import { ApiKeysSection } from './ApiKeysSection';
import { WebhooksSection } from './WebhooksSection';
import '../people/admin.css';

/** The admin's Apps screen: API keys for people and integrations, and the webhook endpoints apps hear events at. */
export function AppsPage() {
  const { t } = useTranslation('apps');
  const people = usePeople();
  return (
    <main className="work-page admin-page">
      <h1>{t('title')}</h1>
      <ApiKeysSection people={people.status === 'done' ? people.data : []} />
      <WebhooksSection />
    </main>
  );
}
