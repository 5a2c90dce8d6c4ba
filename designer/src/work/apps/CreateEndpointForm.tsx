import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormProblem } from '../../components/FormProblem';
import { TextField } from '../../components/TextField';
import { request } from '../graphql';
import { FieldError } from '../people/FieldError';
import { useAdminAction } from '../people/useAdminAction';
import { CREATE_WEBHOOK_ENDPOINT } from './apps-documents';
import { eventTypeName } from './event-type-name';

export type Props = {
  eventTypes: readonly string[];
  /** Called with the new endpoint's URL and its signing secret, which the api shows this once. */
  onCreated: (created: { url: string; secret: string }) => void;
};

const FIELDS = ['url', 'events', 'description'];

/** Adds a webhook endpoint: its URL, the event types it receives (the api's list) and a description. */
export function CreateEndpointForm({ eventTypes, onCreated }: Props) {
  const { t } = useTranslation('apps');
  const action = useAdminAction();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await action.run(async () => (await request(CREATE_WEBHOOK_ENDPOINT, { input: { url, events, description } })).createWebhookEndpoint);
    if (answer?.__typename !== 'WebhookEndpointSecretPayload') return;
    onCreated({ url: answer.endpoint.url, secret: answer.secret });
    setUrl('');
    setDescription('');
    setEvents([]);
  };
  return (
    <form className="admin-form" onSubmit={(event) => void submit(event)} aria-labelledby="create-endpoint-title" data-testid="create-endpoint-form">
      <h3 id="create-endpoint-title">{t('hooks.create.title')}</h3>
      <div className="admin-fields">
        <TextField id="endpoint-url" label={t('hooks.create.url')} type="url" value={url} onChange={setUrl} problem={action.problemAt('url')} />
        <TextField
          id="endpoint-description"
          label={t('hooks.create.description')}
          value={description}
          onChange={setDescription}
          problem={action.problemAt('description')}
        />
      </div>
      <fieldset className="event-list" data-testid="endpoint-events" aria-describedby={action.problemAt('events') ? 'endpoint-events-problem' : undefined}>
        <legend>{t('hooks.create.events')}</legend>
        {eventTypes.map((type) => (
          <label key={type} className="check">
            <input
              type="checkbox"
              value={type}
              checked={events.includes(type)}
              onChange={(event) => setEvents(event.target.checked ? [...events, type] : events.filter((chosen) => chosen !== type))}
            />
            {eventTypeName(type, t)} <code>{type}</code>
          </label>
        ))}
      </fieldset>
      <FieldError id="endpoint-events-problem" problem={action.problemAt('events')} />
      <FormProblem problem={action.problemElsewhere(FIELDS)} />
      <button type="submit" disabled={action.busy}>
        {action.busy ? t('hooks.create.working') : t('hooks.create.submit')}
      </button>
    </form>
  );
}
