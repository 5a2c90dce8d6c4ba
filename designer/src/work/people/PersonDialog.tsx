import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxList } from '../../components/CheckboxList';
import { FormProblem } from '../../components/FormProblem';
import { request } from '../graphql';
import { ConfirmDialog } from './ConfirmDialog';
import { DateTimeField } from './DateTimeField';
import { fromZonedInput, toZonedInput } from '../fields/zoned-date-time';
import { useWorkFormat } from '../shared/format';
import { FieldError } from './FieldError';
import { type Person, UPDATE_USER } from './people-documents';
import { PersonSelect } from './PersonSelect';
import { PERSON_ROLES, roleOptions } from './role-options';
import { useAdminAction } from './useAdminAction';
import { useModalKeys } from '../shared/useModalKeys';

export type Props = {
  person: Person;
  people: readonly Person[];
  onClose: () => void;
  /** Called with what to announce once a change is saved. */
  onSaved: (news: string) => void;
};

const FIELDS = ['roles', 'managerId', 'availability'];

/** Someone's manager may be anyone active but themselves (the api refuses a loop with words at the field). */
function managerCandidates(person: Person, people: readonly Person[]): Person[] {
  return people.filter((candidate) => candidate.id !== person.id && candidate.active);
}

/**
 * The availability to send, the inputs read as wall clocks in `timeZone` (the person at the screen's): both ends, or
 * null to clear it (both empty); a half-filled one is sent for the api to refuse.
 */
function availabilityInput(awayFrom: string, awayUntil: string, timeZone: string) {
  if (!awayFrom && !awayUntil) return null;
  return { awayFrom: fromZonedInput(awayFrom, timeZone) ?? '', awayUntil: fromZonedInput(awayUntil, timeZone) ?? '' };
}

/**
 * Changes one person: roles, manager and when they are away; deactivates them after a confirm that says their open
 * records stay with them until handed over, or reactivates them.
 */
export function PersonDialog({ person, people, onClose, onSaved }: Props) {
  const { t } = useTranslation('people');
  const { t: tApp } = useTranslation();
  const save = useAdminAction();
  const activation = useAdminAction();
  const [roles, setRoles] = useState<string[]>(person.roles);
  const [managerId, setManagerId] = useState<string | null>(person.managerId ?? null);
  // Away dates in the time zone the screen shows dates in (the person at it's), not the browser's.
  const { timeZone } = useWorkFormat();
  const [awayFrom, setAwayFrom] = useState(toZonedInput(person.availability?.awayFrom, timeZone));
  const [awayUntil, setAwayUntil] = useState(toZonedInput(person.availability?.awayUntil, timeZone));
  const [confirming, setConfirming] = useState(false);
  const first = useRef<HTMLHeadingElement>(null);
  const dialog = useRef<HTMLFormElement>(null);
  const onKeyDown = useModalKeys({ dialog, initial: first, onClose });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { id: person.id, roles: roles as (typeof PERSON_ROLES)[number][], managerId, availability: availabilityInput(awayFrom, awayUntil, timeZone) };
    const answer = await save.run(async () => (await request(UPDATE_USER, { input })).updateUser);
    if (answer) onSaved(t('editor.saved', { name: person.name }));
  };
  const setActive = async (active: boolean) => {
    const answer = await activation.run(async () => (await request(UPDATE_USER, { input: { id: person.id, active } })).updateUser);
    if (answer) onSaved(t(active ? 'editor.reactivated' : 'editor.deactivated', { name: person.name }));
  };
  if (confirming)
    return (
      <ConfirmDialog
        title={t('editor.confirmTitle', { name: person.name })}
        text={t('editor.confirmText', { name: person.name })}
        confirmLabel={t('editor.confirm')}
        cancelLabel={t('editor.cancel')}
        busy={activation.busy}
        problem={activation.problemAt('active') ?? activation.problemElsewhere(['active'])}
        onConfirm={() => void setActive(false)}
        onCancel={() => setConfirming(false)}
      />
    );
  return (
    <div className="dialog-backdrop">
      <form
        className="dialog admin-form"
        role="dialog"
        aria-modal="true"
        aria-labelledby="person-dialog-title"
        onSubmit={(event) => void submit(event)}
        ref={dialog}
        onKeyDown={onKeyDown}
        data-testid="person-dialog"
      >
        <h2 id="person-dialog-title" ref={first} tabIndex={-1}>
          {t('editor.title', { name: person.name })}
        </h2>
        <CheckboxList
          legend={t('editor.roles')}
          options={roleOptions(PERSON_ROLES, tApp)}
          value={roles}
          onChange={(next) => setRoles(next ?? [])}
          testId="person-roles-edit"
        />
        <FieldError id="person-roles-problem" problem={save.problemAt('roles')} />
        <PersonSelect
          id="person-manager"
          label={t('editor.manager')}
          people={managerCandidates(person, people)}
          value={managerId}
          onChange={setManagerId}
          problem={save.problemAt('managerId')}
        />
        <div className="admin-fields">
          <DateTimeField id="person-away-from" label={t('editor.awayFrom')} value={awayFrom} onChange={setAwayFrom} />
          <DateTimeField
            id="person-away-until"
            label={t('editor.awayUntil')}
            value={awayUntil}
            onChange={setAwayUntil}
            problemId={save.problemAt('availability') ? 'person-away-problem' : null}
          />
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setAwayFrom('');
              setAwayUntil('');
            }}
          >
            {t('editor.clearAway')}
          </button>
        </div>
        <FieldError id="person-away-problem" problem={save.problemAt('availability')} />
        <FormProblem problem={save.problemElsewhere(FIELDS) ?? activation.problemElsewhere([])} />
        <div className="admin-buttons">
          {person.active ? (
            <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="deactivate">
              {t('editor.deactivate')}
            </button>
          ) : (
            <button type="button" onClick={() => void setActive(true)} disabled={activation.busy} data-testid="reactivate">
              {t('editor.reactivate')}
            </button>
          )}
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            {t('editor.cancel')}
          </button>
          <button type="submit" disabled={save.busy} data-testid="save-person">
            {t('editor.save')}
          </button>
        </div>
      </form>
    </div>
  );
}
