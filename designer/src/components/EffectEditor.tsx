import { useTranslation } from 'react-i18next';
import type { Effect } from '@funnel/schemas';
import { valueFromText, valueToText } from '../model/condition-value-text';
import { SelectInput } from './SelectInput';

export type Props = { effect: Effect; onChange: (effect: Effect) => void; onRemove: () => void };

const NOTIFY_TARGETS = ['owner', 'manager', 'previous_owner'] as const;

/** One effect of a transition, with the inputs its type needs. */
export function EffectEditor({ effect, onChange, onRemove }: Props) {
  const { t } = useTranslation();
  return (
    <div className="effect-editor">
      <strong>{t(`effect.${effect.type}`)}</strong>
      <EffectInputs effect={effect} onChange={onChange} />
      <button type="button" aria-label={t('transition.removeEffect')} onClick={onRemove}>
        ✕
      </button>
    </div>
  );
}

function EffectInputs({ effect, onChange }: Omit<Props, 'onRemove'>) {
  const { t } = useTranslation();
  switch (effect.type) {
    case 'assign_to_actor':
    case 'clear_owner':
    case 'exclude_from_performance':
      return null;
    case 'set_field':
      return (
        <>
          <input aria-label={t('effect.field')} value={effect.field} onChange={(event) => onChange({ ...effect, field: event.target.value })} />
          <input
            aria-label={t('effect.value')}
            defaultValue={valueToText(effect.value)}
            onBlur={(event) => onChange({ ...effect, value: valueFromText({ text: event.target.value, list: false }) })}
          />
        </>
      );
    case 'increment':
    case 'reset_counter':
      return <input aria-label={t('effect.counter')} value={effect.counter} onChange={(event) => onChange({ ...effect, counter: event.target.value })} />;
    case 'notify':
      return (
        <SelectInput
          label={t('effect.to')}
          value={effect.to}
          options={NOTIFY_TARGETS.map((to) => ({ value: to, label: t(`effect.notifyTo.${to}`) }))}
          onChange={(to) => onChange({ ...effect, to: to as (typeof NOTIFY_TARGETS)[number] })}
        />
      );
    default:
      return effect satisfies never;
  }
}
