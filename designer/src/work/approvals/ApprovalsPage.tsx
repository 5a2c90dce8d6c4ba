import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recordField } from '../notifications/record-field';
import { RefusalMessage } from '../record/RefusalMessage';
import { useWorkFormat } from '../shared/format';
import { type Decided, decide } from './decide';
import { ExtensionItem } from './ExtensionItem';
import { MoveItem } from './MoveItem';
import { PagedList } from '../shared/PagedList';
import { type CursorPages, useCursorPages } from '../shared/useCursorPages';
import { type Asked, extensionRequestsPage, moveRequestsPage } from './pending-decisions';
import { useLiveApprovals } from './useLiveApprovals';
import './approvals.css';

/** The last decision: the request and what came of it, said in the live region. */
type News = { asked: Asked; approve: boolean; decided: Decided };

/**
 * A manager's approvals: the team's extension requests and approval requests, each with its record, what was asked
 * and the limits it meets; approving or rejecting (with a reason) takes the request off the list at once and says
 * what came of it, and the api tells the requester. Each list is paged ("show more", the api's cursors). The lists stay live: a new request arrives and one another approver
 * decided leaves without a reload (useLiveApprovals).
 */
export function ApprovalsPage() {
  const { t } = useTranslation('approvals');
  // Bumped to read both lists again (live), keeping as many shown as were.
  const [version, setVersion] = useState(0);
  const extensions = useCursorPages({ key: 'extensions', version, read: extensionRequestsPage });
  const moves = useCursorPages({ key: 'moves', version, read: moveRequestsPage });
  // The requests decided here, by the record version they were decided on: a listing read before the decision still
  // has them (hidden), a request asked again after it is on a later version (shown).
  const [gone, setGone] = useState<ReadonlyMap<string, number>>(new Map());
  const waiting = (asked: Asked) => (gone.get(asked.id) ?? -1) < asked.record.version;
  const [busyId, setBusyId] = useState<string | null>(null);
  const [news, setNews] = useState<News | null>(null);
  const reload = useCallback(() => setVersion((n) => n + 1), []);
  useLiveApprovals({ workflowKeys: [...extensions.items, ...moves.items].map((asked) => asked.record.workflowKey), reload });

  const onDecide = async (asked: Asked, approve: boolean, reason: string) => {
    setBusyId(asked.id);
    const decided = await decide({ asked, approve, reason });
    setBusyId(null);
    setNews({ asked, approve, decided });
    if (decided.type === 'decided') setGone((previous) => new Map([...previous, [asked.id, asked.record.version]]));
  };

  return (
    <main className="work-page approvals-page" data-testid="approvals-page">
      <h1>{t('title')}</h1>
      <DecisionNews news={news} onReload={reload} />
      <section aria-labelledby="extensions-heading" data-testid="extension-requests">
        <h2 id="extensions-heading">{t('extensions')}</h2>
        <Pending list={extensions} waiting={waiting} empty={t('noExtensions')}>
          {(asked) => <ExtensionItem key={asked.id} asked={asked} busy={busyId === asked.id} onDecide={onDecide} />}
        </Pending>
      </section>
      <section aria-labelledby="moves-heading" data-testid="move-requests">
        <h2 id="moves-heading">{t('moves')}</h2>
        <Pending list={moves} waiting={waiting} empty={t('noMoves')}>
          {(asked) => <MoveItem key={asked.id} asked={asked} busy={busyId === asked.id} onDecide={onDecide} />}
        </Pending>
      </section>
    </main>
  );
}

/** One list of requests, paged ("show more"), without those decided here. */
function Pending<T extends Asked>(props: { list: CursorPages<T>; waiting: (asked: T) => boolean; empty: string; children: (asked: T) => React.ReactNode }) {
  const items = props.list.items.filter(props.waiting);
  return (
    <PagedList list={{ ...props.list, items }} empty={props.empty}>
      <ul className="approval-list">{items.map(props.children)}</ul>
    </PagedList>
  );
}

/** What the last decision came to, in a live region: decided (and the new deadline), or refused in words. */
function DecisionNews({ news, onReload }: { news: News | null; onReload: () => void }) {
  const { t } = useTranslation('approvals');
  const format = useWorkFormat();
  if (news?.decided.type === 'refused') {
    return (
      <div data-testid="decision-refusal">
        <RefusalMessage refusal={news.decided.refusal} onReload={onReload} />
      </div>
    );
  }
  const name = news ? recordField(news.asked.record.fields, 'name') || t('unnamed') : '';
  const owner = news?.asked.record.owner?.name ?? t('nobody');
  return (
    <p role="status" className="decision-news" data-testid="decision-status">
      {news?.decided.type === 'decided' && (
        <>
          {news.asked.kind === 'extension' && news.approve && t('extensionApproved', { name, at: format.dateTime(news.decided.dueAt ?? news.asked.dueAt) })}
          {news.asked.kind === 'extension' && !news.approve && t('extensionRejected', { name })}
          {news.asked.kind === 'move' && news.approve && t('moveApproved', { name })}
          {news.asked.kind === 'move' && !news.approve && t('moveRejected', { name })} {t('told', { owner })}
        </>
      )}
    </p>
  );
}
