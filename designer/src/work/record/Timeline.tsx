import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkFormat } from '../shared/format';
import type { DefinitionNames } from './definition-names';
import { loadTimelinePage, type TimelineEvent } from './timeline-query';
import { actorText, eventNote, timelineText } from './timeline-text';

export type Props = {
  recordId: string;
  names: DefinitionNames;
  /** Changes whenever the record did: the timeline reads its newest page again. */
  version: number;
};

type Loaded = { status: 'loading' } | { status: 'error' } | { status: 'done'; events: TimelineEvent[]; olderBefore: string | null };

/**
 * Every event and activity of the record, newest first, a page at a time: who did it, what in the person's language
 * (transition and stage names, reasons, timers, a call's outcome) and when, in their time zone.
 */
export function Timeline({ recordId, names, version }: Props) {
  const { t } = useTranslation('record');
  const format = useWorkFormat();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [moreFailed, setMoreFailed] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version of the record means new events to read.
  useEffect(() => {
    let current = true;
    loadTimelinePage({ id: recordId }).then(
      (page) => current && setLoaded({ status: 'done', ...page }),
      () => current && setLoaded({ status: 'error' }),
    );
    return () => {
      current = false;
    };
  }, [recordId, version]);

  const loadMore = async (before: string, shown: TimelineEvent[]) => {
    setMoreFailed(false);
    const page = await loadTimelinePage({ id: recordId, before }).catch(() => null);
    if (!page) return setMoreFailed(true);
    setLoaded({ status: 'done', events: [...shown, ...page.events], olderBefore: page.olderBefore });
  };

  return (
    <section className="record-card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      {loaded.status === 'loading' ? <p role="status">{t('timeline.loading')}</p> : null}
      {loaded.status === 'error' ? <p role="alert">{t('timeline.failed')}</p> : null}
      {loaded.status === 'done' ? (
        <>
          <ol className="record-timeline" data-testid="timeline">
            {loaded.events.map((event) => (
              <li key={event.id} data-event={event.type}>
                <time dateTime={event.at}>{format.dateTime(event.at)}</time>
                <span className="record-timeline-actor">{actorText({ actor: event.actor, t })}</span>
                <span className="record-timeline-what">{timelineText({ event, names, t, format })}</span>
                {event.reason ? (
                  <span className="record-timeline-reason">{t('timeline.reason', { reason: names.reason(event.reason, event.transition) })}</span>
                ) : null}
                {eventNote(event) ? <q className="record-timeline-note">{eventNote(event)}</q> : null}
              </li>
            ))}
          </ol>
          {moreFailed ? <p role="alert">{t('timeline.failed')}</p> : null}
          {loaded.olderBefore ? (
            <button type="button" onClick={() => void loadMore(loaded.olderBefore as string, loaded.events)}>
              {t('timeline.more')}
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
