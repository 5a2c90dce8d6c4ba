import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from './LanguagePicker';

export type Props = { title: string; testId: string; children: ReactNode };

/** The frame of every page a person sees before they are signed in: language, the app's name, the page's title. */
export function AccountPage({ title, testId, children }: Props) {
  const { t } = useTranslation();
  return (
    <main className="sign-in" data-testid={testId}>
      <LanguagePicker />
      <h1>{t('app.title')}</h1>
      <h2>{title}</h2>
      {children}
    </main>
  );
}
