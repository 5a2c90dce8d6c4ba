import { useTranslation } from 'react-i18next';
import { ROLES, type Role, TIMER_ORIGINS, type Timer, type TimerOrigin, type WorkflowDefinition } from '@funnel/schemas';
import { localizedText } from '../model/localized-text';
import { CheckboxList } from './CheckboxList';
import { DurationInput } from './DurationInput';
import { NumberInput } from './NumberInput';
import { SelectInput } from './SelectInput';

export type Props = { timer: Timer; stageKey: string; definition: WorkflowDefinition; onChange: (timer: Timer) => void; onRemove: () => void };

/** Extension policy the "one-week rule" starts from: 7 more days, at most 2, approved by a manager. */
const DEFAULT_EXTENSION = { length: 'P7D', maxPerRecord: 2, approverRoles: ['manager' as const], maxOpenPerOwner: 10 };

/** One recycle timer: after how long, counted from what, which transition it fires, an optional warning and extension policy. */
export function TimerEditor({ timer, stageKey, definition, onChange, onRemove }: Props) {
  const { t, i18n } = useTranslation();
  const outgoing = definition.transitions.filter((transition) => transition.from.includes(stageKey));
  const transitionOptions = outgoing.map((transition) => ({ value: transition.key, label: localizedText(transition.name, i18n.language) }));
  if (!outgoing.some((transition) => transition.key === timer.action.transition)) {
    transitionOptions.unshift({ value: timer.action.transition, label: t('timer.unknownTransition', { key: timer.action.transition }) });
  }
  return (
    <fieldset className="timer-editor" data-testid={`timer-${timer.key}`}>
      <legend>
        {t('timer.title')} <code>{timer.key}</code>
      </legend>
      <DurationInput label={t('timer.after')} value={timer.after} onChange={(after) => onChange({ ...timer, after })} testId={`timer-${timer.key}-after`} />
      <SelectInput
        label={t('timer.from')}
        value={timer.from ?? 'stage_entry'}
        options={TIMER_ORIGINS.map((origin) => ({ value: origin, label: t(`timer.origins.${origin}`) }))}
        onChange={(from) => {
          // Counting from the stage entry is the default, which the definition leaves out.
          const { from: _old, ...rest } = timer;
          onChange(from === 'stage_entry' ? rest : { ...rest, from: from as TimerOrigin });
        }}
        testId={`timer-${timer.key}-from`}
      />
      <SelectInput
        label={t('timer.fires')}
        value={timer.action.transition}
        options={transitionOptions}
        onChange={(transition) => onChange({ ...timer, action: { transition } })}
        testId={`timer-${timer.key}-transition`}
      />
      <DurationInput label={t('timer.warnBefore')} value={timer.warnBefore} onChange={(warnBefore) => onChange({ ...timer, warnBefore })} />
      <label className="check">
        <input
          type="checkbox"
          data-testid={`timer-${timer.key}-extension`}
          checked={timer.extension !== undefined}
          onChange={(event) => {
            const { extension: _extension, ...rest } = timer;
            onChange(event.target.checked ? { ...rest, extension: DEFAULT_EXTENSION } : rest);
          }}
        />
        {t('timer.allowExtension')}
      </label>
      {timer.extension ? (
        <div className="extension-policy">
          <DurationInput
            label={t('timer.extensionLength')}
            value={timer.extension.length}
            onChange={(length) => timer.extension && onChange({ ...timer, extension: { ...timer.extension, length } })}
          />
          <NumberInput
            label={t('timer.maxPerRecord')}
            value={timer.extension.maxPerRecord}
            min={1}
            onChange={(maxPerRecord) => timer.extension && onChange({ ...timer, extension: { ...timer.extension, maxPerRecord: maxPerRecord ?? 1 } })}
          />
          <NumberInput
            label={t('timer.maxOpenPerOwner')}
            value={timer.extension.maxOpenPerOwner}
            min={1}
            onChange={(maxOpenPerOwner) => {
              if (!timer.extension) return;
              const { maxOpenPerOwner: _old, ...policy } = timer.extension;
              onChange({ ...timer, extension: maxOpenPerOwner === undefined ? policy : { ...policy, maxOpenPerOwner } });
            }}
          />
          <CheckboxList
            legend={t('timer.approvers')}
            options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
            value={timer.extension.approverRoles}
            onChange={(roles) => timer.extension && onChange({ ...timer, extension: { ...timer.extension, approverRoles: (roles ?? ['manager']) as Role[] } })}
          />
        </div>
      ) : null}
      <button type="button" onClick={onRemove}>
        {t('timer.remove')}
      </button>
    </fieldset>
  );
}
