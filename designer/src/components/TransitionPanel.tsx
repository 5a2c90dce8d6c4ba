import { useTranslation } from 'react-i18next';
import { EFFECT_TYPES, ROLES, type Effect, type Role, type Transition, type WorkflowDefinition } from '@funnel/schemas';
import { localizedText } from '../model/localized-text';
import { uniqueKey } from '../model/unique-key';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { ApprovalEditor } from './ApprovalEditor';
import { CheckboxList } from './CheckboxList';
import { EffectEditor } from './EffectEditor';
import { GuardEditor } from './GuardEditor';
import { LocalizedTextInput } from './LocalizedTextInput';
import { SelectInput } from './SelectInput';

export type Props = { transition: Transition; definition: WorkflowDefinition; fieldNames: readonly string[] };

type PartProps = { transition: Transition; update: (transition: Transition) => void };

/** Edits the selected transition: names, target, roles, required fields, approval, reasons, effects and the guard. */
export function TransitionPanel({ transition, definition, fieldNames }: Props) {
  const { t, i18n } = useTranslation();
  const updateTransition = useWorkflowStore((state) => state.updateTransition);
  const update = (next: Transition) => updateTransition(transition.key, next);
  const stageName = (key: string) => localizedText(definition.stages.find((stage) => stage.key === key)?.name, i18n.language) || key;
  return (
    <section className="side-panel-body" aria-labelledby="transition-panel-heading" data-testid="transition-panel">
      <h2 id="transition-panel-heading">
        {t('transition.title')} <code>{transition.key}</code>
      </h2>
      <p>
        {transition.from.map(stageName).join(', ')} → {stageName(transition.to)}
      </p>
      <LocalizedTextInput label={t('transition.name')} value={transition.name} onChange={(name) => update({ ...transition, name })} testId="transition-name" />
      <SelectInput
        label={t('transition.to')}
        value={transition.to}
        options={definition.stages.map((stage) => ({ value: stage.key, label: stageName(stage.key) }))}
        onChange={(to) => update({ ...transition, to })}
      />
      <CheckboxList
        legend={t('transition.roles')}
        options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
        value={transition.roles}
        onChange={(roles) => update(roles ? { ...transition, roles: roles as Role[] } : without(transition, 'roles'))}
      />
      <CheckboxList
        legend={t('transition.requiredFields')}
        options={Object.keys(definition.fields.properties).map((key) => ({ value: key, label: key }))}
        value={transition.requiredFields}
        onChange={(requiredFields) => update(requiredFields ? { ...transition, requiredFields } : without(transition, 'requiredFields'))}
      />
      <ApprovalEditor
        approval={transition.approval}
        onChange={(approval) => update(approval ? { ...transition, approval } : without(transition, 'approval'))}
      />
      <ReasonsEditor transition={transition} update={update} />
      <EffectsEditor transition={transition} update={update} />
      <label className="check">
        <input
          type="checkbox"
          checked={transition.allowProbabilityOverride ?? false}
          onChange={(event) =>
            update(event.target.checked ? { ...transition, allowProbabilityOverride: true } : without(transition, 'allowProbabilityOverride'))
          }
        />
        {t('transition.allowProbabilityOverride')}
      </label>
      <GuardEditor
        kind="transition"
        value={transition.guard}
        fieldNames={fieldNames}
        onChange={(guard) => update(guard ? { ...transition, guard } : without(transition, 'guard'))}
      />
    </section>
  );
}

/** The reasons an actor picks from when taking the transition, and whether one is required. */
function ReasonsEditor({ transition, update }: PartProps) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('transition.reasons')}</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={transition.reason?.required ?? false}
          disabled={!transition.reason}
          onChange={(event) => transition.reason && update({ ...transition, reason: { ...transition.reason, required: event.target.checked } })}
        />
        {t('transition.reasonRequired')}
      </label>
      {(transition.reason?.options ?? []).map((option, index) => (
        <div key={option.key} className="reason">
          <LocalizedTextInput
            label={option.key}
            value={option.name}
            onChange={(name) =>
              transition.reason &&
              update({
                ...transition,
                reason: { ...transition.reason, options: transition.reason.options.map((o, i) => (i === index ? { ...o, name } : o)) },
              })
            }
          />
          <button
            type="button"
            onClick={() => {
              const options = (transition.reason?.options ?? []).filter((_, i) => i !== index);
              update(options.length === 0 || !transition.reason ? without(transition, 'reason') : { ...transition, reason: { ...transition.reason, options } });
            }}
          >
            {t('transition.removeReason')}
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => {
          const options = transition.reason?.options ?? [];
          const key = uniqueKey('reason', new Set(options.map((o) => o.key)));
          update({ ...transition, reason: { required: transition.reason?.required ?? false, options: [...options, { key, name: { en: key } }] } });
        }}
      >
        {t('transition.addReason')}
      </button>
    </fieldset>
  );
}

/** What taking the transition does besides moving the record, and a picker that adds one more. */
function EffectsEditor({ transition, update }: PartProps) {
  const { t } = useTranslation();
  const effects = transition.effects ?? [];
  return (
    <fieldset>
      <legend>{t('transition.effects')}</legend>
      {effects.map((effect, index) => (
        <EffectEditor
          key={index}
          effect={effect}
          onChange={(next) => update({ ...transition, effects: effects.map((e, i) => (i === index ? next : e)) })}
          onRemove={() => {
            const kept = effects.filter((_, i) => i !== index);
            update(kept.length === 0 ? without(transition, 'effects') : { ...transition, effects: kept });
          }}
        />
      ))}
      <SelectInput
        label={t('transition.addEffect')}
        value=""
        options={[{ value: '', label: '—' }, ...EFFECT_TYPES.map((type) => ({ value: type, label: t(`effect.${type}`) }))]}
        onChange={(type) => type && update({ ...transition, effects: [...effects, newEffect(type as Effect['type'])] })}
      />
    </fieldset>
  );
}

/** The transition without one of its optional parts. */
function without<K extends keyof Transition>(transition: Transition, key: K): Transition {
  const copy = { ...transition };
  delete copy[key];
  return copy;
}

function newEffect(type: Effect['type']): Effect {
  switch (type) {
    case 'assign_to_actor':
    case 'clear_owner':
    case 'exclude_from_performance':
      return { type };
    case 'set_field':
      return { type, field: '', value: '' };
    case 'increment':
    case 'reset_counter':
      return { type, counter: 'touches' };
    case 'notify':
      return { type, to: 'owner' };
    default:
      return type satisfies never;
  }
}
