import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Translation } from 'react-i18next';

export type Props = { children: ReactNode };
type BoundaryState = { error: Error | null };

/** Shows what went wrong in words, with a way back, instead of a blank page. */
export class ErrorBoundary extends Component<Props, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): BoundaryState {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('designer error', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Translation>
        {(t) => (
          <main className="error-page" role="alert">
            <h1>{t('error.title')}</h1>
            <p>{t('error.explain')}</p>
            <pre className="error-message">{error.message}</pre>
            <button type="button" onClick={() => this.setState({ error: null })}>
              {t('error.retry')}
            </button>{' '}
            {/* biome-ignore lint/a11y/useValidAnchor: a real link home; the click also clears the error so the home page renders. */}
            <a href="#/" onClick={() => this.setState({ error: null })}>
              {t('error.home')}
            </a>
          </main>
        )}
      </Translation>
    );
  }
}
