import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxList } from '../../components/CheckboxList';
import { FormProblem } from '../../components/FormProblem';
import { TextField } from '../../components/TextField';
import { request, type VariablesOf } from '../graphql';
import { FieldError } from '../people/FieldError';
import type { Person } from '../people/people-documents';
import { PersonSelect } from '../people/PersonSelect';
import { INTEGRATION_ROLES, roleOptions } from '../people/role-options';
import { useAdminAction } from '../people/useAdminAction';
import { CREATE_API_KEY } from './apps-documents';
import { RadioGroup } from './RadioGroup';

export type Props = {
  people: readonly Person[];
  operations: readonly string[];
  /** Called with the new key's name and its token, which the api shows this once. */
  onCreated: (created: { name: string; token: string }) => void;
};

type Input = VariablesOf<typeof CREATE_API_KEY>['input'];
type Role = NonNullable<Input['integration']>['roles'][number];
type Access = 'full' | 'read_only' | 'operations';
type OwnerKind = 'person' | 'integration';

const FIELDS = ['name', 'userId', 'integration', 'scope'];

/** The key to ask for: for a person or an integration, with its scope (operations only when access names them). */
function keyInput(input: {
  name: string;
  ownerKind: OwnerKind;
  userId: string | null;
  integrationName: string;
  integrationRoles: string[];
  access: Access;
  operations: string[];
}): Input {
  const owner =
    input.ownerKind === 'person' ? { userId: input.userId } : { integration: { name: input.integrationName, roles: input.integrationRoles as Role[] } };
  const scope = input.access === 'operations' ? { access: input.access, operations: input.operations } : { access: input.access };
  return { name: input.name, ...owner, scope };
}

/** Creates an API key with a name, for a person (their roles) or an integration (its own), and a scope. */
export function CreateKeyForm({ people, operations, onCreated }: Props) {
  const { t } = useTranslation('apps');
  const { t: tApp } = useTranslation();
  const action = useAdminAction();
  const [name, setName] = useState('');
  const [ownerKind, setOwnerKind] = useState<OwnerKind>('person');
  const [userId, setUserId] = useState<string | null>(null);
  const [integrationName, setIntegrationName] = useState('');
  const [integrationRoles, setIntegrationRoles] = useState<string[]>(['integration']);
  const [access, setAccess] = useState<Access>('full');
  const [chosen, setChosen] = useState<string[]>([]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = keyInput({ name, ownerKind, userId, integrationName, integrationRoles, access, operations: chosen });
    const answer = await action.run(async () => (await request(CREATE_API_KEY, { input })).createApiKey);
    if (answer?.__typename !== 'CreateApiKeyPayload') return;
    onCreated({ name: answer.apiKey.name, token: answer.token });
    setName('');
  };
  return (
    <form className="admin-form" onSubmit={(event) => void submit(event)} aria-labelledby="create-key-title" data-testid="create-key-form">
      <h3 id="create-key-title">{t('keys.create.title')}</h3>
      <TextField id="key-name" label={t('keys.create.name')} value={name} onChange={setName} problem={action.problemAt('name')} />
      <RadioGroup
        name="key-owner-kind"
        legend={t('keys.create.owner')}
        options={[
          { value: 'person', label: t('keys.create.person') },
          { value: 'integration', label: t('keys.create.integration') },
        ]}
        value={ownerKind}
        onChange={setOwnerKind}
      />
      {ownerKind === 'person' ? (
        <PersonSelect
          id="key-user"
          label={t('keys.create.user')}
          people={people.filter((person) => person.active)}
          value={userId}
          onChange={setUserId}
          problem={action.problemAt('userId')}
          noneLabel="—"
        />
      ) : (
        <>
          <TextField
            id="key-integration-name"
            label={t('keys.create.integrationName')}
            value={integrationName}
            onChange={setIntegrationName}
            problem={action.problemAt('integration')}
          />
          <CheckboxList
            legend={t('keys.create.integrationRoles')}
            options={roleOptions(INTEGRATION_ROLES, tApp)}
            value={integrationRoles}
            onChange={(next) => setIntegrationRoles(next ?? [])}
            testId="key-integration-roles"
          />
        </>
      )}
      <RadioGroup
        name="key-access"
        legend={t('keys.create.access')}
        options={(['full', 'read_only', 'operations'] as const).map((value) => ({ value, label: t(`keys.access.${value}`) }))}
        value={access}
        onChange={setAccess}
      />
      {access === 'operations' && (
        <fieldset className="operation-list" data-testid="key-operations">
          <legend>{t('keys.create.operations')}</legend>
          {operations.map((operation) => (
            <label key={operation} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(operation)}
                onChange={(event) => setChosen(event.target.checked ? [...chosen, operation] : chosen.filter((name) => name !== operation))}
              />
              <code>{operation}</code>
            </label>
          ))}
        </fieldset>
      )}
      <FieldError id="key-scope-problem" problem={action.problemAt('scope')} />
      <FormProblem problem={action.problemElsewhere(FIELDS)} />
      <button type="submit" disabled={action.busy}>
        {action.busy ? t('keys.create.working') : t('keys.create.submit')}
      </button>
    </form>
  );
}
