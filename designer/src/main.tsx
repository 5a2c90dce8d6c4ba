import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { startI18n } from './i18n/i18n';
import { warmUpLayout } from './model/layout-stages';
import { App } from './components/App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { RenderBenchPage } from './components/RenderBenchPage';

const BENCH_STAGES = 60;
const BENCH_TRANSITIONS = 150;
const BENCH_EDITS = 10;

startI18n();
// Load and compile ELK while the user signs in or picks a workflow, not when the first canvas needs it.
const whenIdle = window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 1));
whenIdle(() => void warmUpLayout());
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      {new URLSearchParams(window.location.search).get('bench') === 'render' ? (
        <RenderBenchPage stages={BENCH_STAGES} transitions={BENCH_TRANSITIONS} edits={BENCH_EDITS} />
      ) : (
        <App />
      )}
    </ErrorBoundary>
  </StrictMode>,
);
