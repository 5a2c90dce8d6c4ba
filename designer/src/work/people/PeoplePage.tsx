import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage';
import { AuditLog } from './AuditLog';
import { InviteForm } from './InviteForm';
import type { Person } from './people-documents';
import { PeopleTable } from './PeopleTable';
import { PersonDialog } from './PersonDialog';
import { usePeople } from './usePeople';
import './admin.css';

/** What the page last announced, and the invitation link when no mail went out. */
interface News {
  text: string;
  link: string | null;
}

/**
 * The admin's People screen: everyone with roles, manager, availability and status; invite someone (the api mails the
 * link); change a person or deactivate them; the audit log of every administrative change.
 */
export function PeoplePage() {
  const { t } = useTranslation('people');
  const people = usePeople();
  const [editing, setEditing] = useState<Person | null>(null);
  const [news, setNews] = useState<News>({ text: '', link: null });
  const [version, setVersion] = useState(0);
  const changed = (next: News) => {
    setNews(next);
    setVersion((n) => n + 1);
    people.reload();
  };
  const list = people.status === 'done' ? people.data : [];
  return (
    <main className="work-page admin-page">
      <h1>{t('title')}</h1>
      <div className="admin-news" role="status" data-testid="people-news">
        {news.text && <p>{news.text}</p>}
        {news.link && <code className="secret">{news.link}</code>}
      </div>
      {people.status === 'loading' && <p role="status">{t('loading')}</p>}
      {people.status === 'error' && <ErrorMessage error={people.error} />}
      {people.status === 'done' && <PeopleTable people={list} onEdit={setEditing} />}
      <InviteForm people={list} onInvited={changed} />
      <AuditLog people={list} version={version} />
      {editing && (
        <PersonDialog
          key={editing.id}
          person={editing}
          people={list}
          onClose={() => setEditing(null)}
          onSaved={(text) => {
            setEditing(null);
            changed({ text, link: null });
          }}
        />
      )}
    </main>
  );
}
