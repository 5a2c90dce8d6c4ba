import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxList } from '../../components/CheckboxList';
import { FormProblem } from '../../components/FormProblem';
import { TextField } from '../../components/TextField';
import { request } from '../graphql';
import { FieldError } from './FieldError';
import { INVITE_USER, type Person } from './people-documents';
import { PersonSelect } from './PersonSelect';
import { PERSON_ROLES, roleOptions } from './role-options';
import { TimeZoneSelect } from './TimeZoneSelect';
import { useAdminAction } from './useAdminAction';

export type Props = {
  people: readonly Person[];
  /** Called with what to announce once the invitation is made, and the link when no mail went out. */
  onInvited: (news: { text: string; link: string | null }) => void;
};

/** The languages a person's app and mail may be in, as the api names them. */
const LOCALES = [
  { value: 'en', label: 'en' },
  { value: 'zh_Hans', label: 'zh-Hans' },
  { value: 'zh_Hant', label: 'zh-Hant' },
] as const;
type ApiLocale = (typeof LOCALES)[number]['value'];

const FIELDS = ['email', 'name', 'roles', 'managerId', 'locale', 'timeZone'];

/** Invites a person by email with their roles, manager, language and time zone; the api mails them the link. */
export function InviteForm({ people, onInvited }: Props) {
  const { t } = useTranslation('people');
  const { t: tApp } = useTranslation();
  const action = useAdminAction();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>(['sales']);
  const [managerId, setManagerId] = useState<string | null>(null);
  const [locale, setLocale] = useState<ApiLocale>('en');
  const [timeZone, setTimeZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { email, name, roles: roles as (typeof PERSON_ROLES)[number][], locale, timeZone, ...(managerId ? { managerId } : {}) };
    const answer = await action.run(async () => (await request(INVITE_USER, { input })).inviteUser);
    if (answer?.__typename !== 'InviteUserPayload') return;
    onInvited({
      text: answer.emailed ? t('invite.mailed', { email: answer.user.email }) : t('invite.notMailed', { name: answer.user.name }),
      link: answer.invitationLink ?? null,
    });
    setEmail('');
    setName('');
  };
  return (
    <form className="admin-form" onSubmit={(event) => void submit(event)} aria-labelledby="invite-title" data-testid="invite-form">
      <h2 id="invite-title">{t('invite.title')}</h2>
      <div className="admin-fields">
        <TextField id="invite-email" label={t('invite.email')} type="email" value={email} onChange={setEmail} problem={action.problemAt('email')} />
        <TextField id="invite-name" label={t('invite.name')} value={name} onChange={setName} problem={action.problemAt('name')} />
        <PersonSelect
          id="invite-manager"
          label={t('invite.manager')}
          people={people.filter((person) => person.active)}
          value={managerId}
          onChange={setManagerId}
          problem={action.problemAt('managerId')}
        />
        <div className="form-field">
          <label htmlFor="invite-locale">{t('invite.locale')}</label>
          <select id="invite-locale" value={locale} onChange={(event) => setLocale(event.target.value as ApiLocale)}>
            {LOCALES.map((option) => (
              <option key={option.value} value={option.value}>
                {tApp(`locale.${option.label}`)}
              </option>
            ))}
          </select>
          <FieldError id="invite-locale-problem" problem={action.problemAt('locale')} />
        </div>
        <TimeZoneSelect id="invite-time-zone" label={t('invite.timeZone')} value={timeZone} onChange={setTimeZone} problem={action.problemAt('timeZone')} />
      </div>
      <CheckboxList
        legend={t('invite.roles')}
        options={roleOptions(PERSON_ROLES, tApp)}
        value={roles}
        onChange={(next) => setRoles(next ?? [])}
        testId="invite-roles"
      />
      <FieldError id="invite-roles-problem" problem={action.problemAt('roles')} />
      <FormProblem problem={action.problemElsewhere(FIELDS)} />
      <button type="submit" disabled={action.busy}>
        {action.busy ? t('invite.working') : t('invite.submit')}
      </button>
    </form>
  );
}
