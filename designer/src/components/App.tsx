import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/useSession';
import { navigate, useRoute } from '../session/useRoute';
import { EditorPage } from './EditorPage';
import { ErrorBoundary } from './ErrorBoundary';
import { HomePage } from './HomePage';
import { LanguagePicker } from './LanguagePicker';
import { SignIn } from './SignIn';

export type Props = Record<string, never>;

// The dashboard's charting library (recharts) is its own chunk, loaded when a dashboard is opened, so the
// sign-in, home and editor pages do not download and parse it.
const DashboardPage = lazy(() => import('./DashboardPage').then((module) => ({ default: module.DashboardPage })));

/** The designer: sign-in, then the home page, a workflow's editor or its dashboard. */
export function App(_props: Props) {
  const { t } = useTranslation();
  const apiKey = useSession((state) => state.apiKey);
  const signOut = useSession((state) => state.signOut);
  const route = useRoute();
  if (!apiKey) return <SignIn />;
  return (
    <div className="app">
      <header className="app-header">
        <a href="#/" className="brand">
          {t('app.title')}
        </a>
        <nav aria-label={t('app.navigation')}>
          <button type="button" onClick={() => navigate({ page: 'home' })}>
            {t('app.home')}
          </button>
        </nav>
        <LanguagePicker />
        <button type="button" onClick={signOut}>
          {t('signIn.signOut')}
        </button>
      </header>
      <ErrorBoundary key={`${route.page}:${'workflowKey' in route ? route.workflowKey : ''}`}>
        <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
          <RoutedPage apiKey={apiKey} />
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}

function RoutedPage({ apiKey }: { apiKey: string }) {
  const route = useRoute();
  switch (route.page) {
    case 'home':
      return <HomePage apiKey={apiKey} />;
    case 'editor':
      return <EditorPage apiKey={apiKey} workflowKey={route.workflowKey} />;
    case 'dashboard':
      return <DashboardPage apiKey={apiKey} workflowKey={route.workflowKey} />;
    default:
      return route satisfies never;
  }
}
