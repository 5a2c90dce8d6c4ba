import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { checkSession } from '../session/session-actions';
import { navigate, type Route, routeHash, useRoute } from '../session/useRoute';
import { useSession } from '../session/useSession';
import { EditorPage } from './EditorPage';
import { ErrorBoundary } from './ErrorBoundary';
import { ForgotPasswordPage } from './ForgotPasswordPage';
import { HomePage } from './HomePage';
import { LanguagePicker } from './LanguagePicker';
import { PasswordLinkPage } from './PasswordLinkPage';
import { SignInPage } from './SignInPage';
import { UserMenu } from './UserMenu';
import { NotificationBell } from '../work/notifications/NotificationBell';

export type Props = Record<string, never>;

// The dashboard's charting library (recharts) is its own chunk, loaded when a dashboard is opened, so the
// sign-in, home and editor pages do not download and parse it.
const DashboardPage = lazy(() => import('./DashboardPage').then((module) => ({ default: module.DashboardPage })));
// The work area's screens are chunks of their own too: an admin drawing a funnel does not load them, nor a
// salesperson the designer's canvas.
const MyWorkPage = lazy(() => import('../work/my-work/MyWorkPage').then((module) => ({ default: module.MyWorkPage })));
const BoardPage = lazy(() => import('../work/board/BoardPage').then((module) => ({ default: module.BoardPage })));
const PoolPage = lazy(() => import('../work/pool/PoolPage').then((module) => ({ default: module.PoolPage })));
// The admin's People and Apps screens are chunks too: nobody else loads them.
const PeoplePage = lazy(() => import('../work/people/PeoplePage').then((module) => ({ default: module.PeoplePage })));
const AppsPage = lazy(() => import('../work/apps/AppsPage').then((module) => ({ default: module.AppsPage })));
const ApprovalsPage = lazy(() => import('../work/approvals/ApprovalsPage').then((module) => ({ default: module.ApprovalsPage })));
const TeamPage = lazy(() => import('../work/team/TeamPage').then((module) => ({ default: module.TeamPage })));
const DistributionPage = lazy(() => import('../work/distribution/DistributionPage').then((module) => ({ default: module.DistributionPage })));
const RecordPage = lazy(() => import('../work/record/RecordPage').then((module) => ({ default: module.RecordPage })));
const ImportsPage = lazy(() => import('../work/imports/ImportsPage').then((module) => ({ default: module.ImportsPage })));
const ExportsPage = lazy(() => import('../work/exports/ExportsPage').then((module) => ({ default: module.ExportsPage })));

/** The pages of a signed-in person. */
type WorkRoute = Extract<
  Route,
  {
    page:
      | 'home'
      | 'editor'
      | 'dashboard'
      | 'myWork'
      | 'board'
      | 'pool'
      | 'record'
      | 'people'
      | 'apps'
      | 'imports'
      | 'exports'
      | 'approvals'
      | 'team'
      | 'distribution';
  }
>;

/** Roles that bring data in and take it out (the Imports and Exports screens): the api lets them import. */
const DATA_ROLES = ['admin', 'manager'];

/** Roles whose day is the work area: their home page is My work; an admin's is the workflows. */
const WORKING_ROLES = ['sales', 'manager', 'marketing'];
/** Roles who lead a team: the approvals, team and distribution screens are theirs. */
const LEADING_ROLES = ['manager', 'admin'];
/** Nobody's roles, one array: a selector that made a new one each call would re-render without end (zustand). */
const NO_ROLES: readonly string[] = [];

/**
 * The app: the pages a mailed link opens (whoever is signed in), sign-in and "forgot password" for someone signed
 * out, then the home page, a workflow's editor or its dashboard. At start it asks the api who the session cookie
 * (or the tab's API key) signs in; the sign-in screen comes back whenever the api stops accepting it.
 */
export function App(_props: Props) {
  const { t } = useTranslation();
  const { t: tWork } = useTranslation('work');
  const { t: tPeople } = useTranslation('people');
  const { t: tApps } = useTranslation('apps');
  const { t: tImports } = useTranslation('imports');
  const { t: tExports } = useTranslation('exports');
  const status = useSession((state) => state.status);
  const roles = useSession((state) => state.me?.roles ?? NO_ROLES);
  const route = useRoute();
  useEffect(() => {
    if (status === 'checking') void checkSession();
  }, [status]);

  if (route.page === 'acceptInvitation' || route.page === 'resetPassword') {
    const purpose = route.page === 'acceptInvitation' ? 'invitation' : 'reset';
    return <PasswordLinkPage key={route.token} purpose={purpose} workspace={route.workspace} token={route.token} />;
  }
  if (status === 'checking') return <p role="status">{t('app.loading')}</p>;
  if (route.page === 'forgotPassword') return <ForgotPasswordPage />;
  if (status === 'signedOut') return <SignInPage />;
  return (
    <div className="app">
      <header className="app-header">
        <a href="#/" className="brand">
          {t('app.title')}
        </a>
        <nav aria-label={t('app.navigation')}>
          <a href={routeHash({ page: 'myWork' })} aria-current={route.page === 'myWork' ? 'page' : undefined}>
            {tWork('nav.myWork')}
          </a>
          <a href={routeHash({ page: 'board', workflowKey: null, pipeline: null })} aria-current={route.page === 'board' ? 'page' : undefined}>
            {tWork('nav.board')}
          </a>
          <a href={routeHash({ page: 'pool', workflowKey: null })} aria-current={route.page === 'pool' ? 'page' : undefined}>
            {tWork('nav.pool')}
          </a>
          {roles.includes('admin') && (
            <>
              <a href={routeHash({ page: 'people' })} aria-current={route.page === 'people' ? 'page' : undefined}>
                {tPeople('nav')}
              </a>
              <a href={routeHash({ page: 'apps' })} aria-current={route.page === 'apps' ? 'page' : undefined}>
                {tApps('nav')}
              </a>
            </>
          )}
          {roles.some((role) => DATA_ROLES.includes(role)) ? (
            <>
              <a href={routeHash({ page: 'imports' })} aria-current={route.page === 'imports' ? 'page' : undefined}>
                {tImports('nav')}
              </a>
              <a href={routeHash({ page: 'exports' })} aria-current={route.page === 'exports' ? 'page' : undefined}>
                {tExports('nav')}
              </a>
            </>
          ) : null}
          {roles.some((role) => LEADING_ROLES.includes(role)) && <ManagerLinks route={route} />}
          <button type="button" onClick={() => navigate({ page: 'home' })}>
            {t('app.home')}
          </button>
        </nav>
        <NotificationBell />
        <LanguagePicker />
        <UserMenu />
      </header>
      <ErrorBoundary key={`${route.page}:${'workflowKey' in route ? route.workflowKey : ''}:${'recordId' in route ? route.recordId : ''}`}>
        <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
          <WorkPage route={landing(route, roles)} />
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}

/** The page a route shows these roles: home is My work for someone who works the funnel and is no admin. */
function landing(route: WorkRoute, roles: readonly string[]): WorkRoute {
  const works = roles.some((role) => WORKING_ROLES.includes(role)) && !roles.includes('admin');
  return route.page === 'home' && works ? { page: 'myWork' } : route;
}

function WorkPage({ route }: { route: WorkRoute }) {
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'editor':
      return <EditorPage workflowKey={route.workflowKey} />;
    case 'dashboard':
      return <DashboardPage workflowKey={route.workflowKey} />;
    case 'myWork':
      return <MyWorkPage />;
    case 'board':
      return <BoardPage workflowKey={route.workflowKey} pipeline={route.pipeline} />;
    case 'pool':
      return <PoolPage workflowKey={route.workflowKey} />;
    case 'record':
      return <RecordPage recordId={route.recordId} />;
    case 'people':
      return <PeoplePage />;
    case 'apps':
      return <AppsPage />;
    case 'imports':
      return <ImportsPage />;
    case 'exports':
      return <ExportsPage />;
    case 'approvals':
      return <ApprovalsPage />;
    case 'team':
      return <TeamPage workflowKey={route.workflowKey} />;
    case 'distribution':
      return <DistributionPage workflowKey={route.workflowKey} />;
    default:
      return route satisfies never;
  }
}

/** The nav links of managers and admins: approvals, the team's board and forecast, distribution. */
function ManagerLinks({ route }: { route: Route }) {
  const { t: tApprovals } = useTranslation('approvals');
  const { t: tTeam } = useTranslation('team');
  const { t: tDistribution } = useTranslation('distribution');
  const link = (page: 'approvals' | 'team' | 'distribution', text: string) => (
    <a href={routeHash(page === 'approvals' ? { page } : { page, workflowKey: null })} aria-current={route.page === page ? 'page' : undefined}>
      {text}
    </a>
  );
  return (
    <>
      {link('approvals', tApprovals('nav'))}
      {link('team', tTeam('nav'))}
      {link('distribution', tDistribution('nav'))}
    </>
  );
}
