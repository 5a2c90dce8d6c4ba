import { useTranslation } from 'react-i18next';
import { MY_WORK_LISTS } from './my-work-lists';
import { MyWorkSection } from './MyWorkSection';
import './my-work.css';

export type Props = Record<string, never>;

/**
 * My work, a salesperson's morning: what comes due soon (what goes back to the pool, and when; the warned first),
 * the follow-ups due, what went back to the pool from them lately, and their requests nobody has decided yet.
 */
export function MyWorkPage(_props: Props) {
  const { t } = useTranslation('myWork');
  return (
    <main className="work-page my-work">
      <h1>{t('title')}</h1>
      <div className="my-work-lists">
        {MY_WORK_LISTS.map((list) => (
          <MyWorkSection key={list} list={list} />
        ))}
      </div>
    </main>
  );
}
