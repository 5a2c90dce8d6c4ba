import { useTranslation } from 'react-i18next';
import { POOL_KINDS, ROLES, type PoolSpec, type Role, type WorkflowDefinition } from '@funnel/schemas';
import { localizedText } from '../model/localized-text';
import { uniqueKey } from '../model/unique-key';
import { CheckboxList } from './CheckboxList';
import { ConditionBuilder } from './ConditionBuilder';
import { DurationInput } from './DurationInput';
import { NumberInput } from './NumberInput';
import { SelectInput } from './SelectInput';
import { withWhen } from '../model/with-when';

export type Props = { pool: PoolSpec; definition: WorkflowDefinition; fieldNames: readonly string[]; onChange: (pool: PoolSpec) => void };

type Cadence = NonNullable<PoolSpec['nurture']>[number];

/** How often a new nurture cadence touches a record, until someone changes it. */
const DEFAULT_CADENCE_EVERY = 'P1M';
/** How often a dormant record is touched, once dormancy is switched on. */
const DEFAULT_DORMANT_EVERY = 'P6M';

/** A pool stage's rules: who may claim and how often, the cool-down, nurture cadences and dormancy. */
export function PoolEditor({ pool, definition, fieldNames, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const claim = pool.claim ?? {};
  const nurture = pool.nurture ?? [];
  const stageOptions = [
    { value: '', label: '—' },
    ...definition.stages.map((stage) => ({ value: stage.key, label: localizedText(stage.name, i18n.language) })),
  ];
  const setClaim = (next: NonNullable<PoolSpec['claim']>) => onChange({ ...pool, claim: next });
  return (
    <fieldset className="pool-editor" data-testid="pool-editor">
      <legend>{t('pool.title')}</legend>
      <SelectInput
        label={t('pool.kind')}
        value={pool.kind}
        options={POOL_KINDS.map((kind) => ({ value: kind, label: t(`pool.kinds.${kind}`) }))}
        onChange={(kind) => onChange({ ...pool, kind: kind as PoolSpec['kind'] })}
      />
      <SelectInput label={t('pool.claimTo')} value={claim.to ?? ''} options={stageOptions} onChange={(to) => setClaim({ ...claim, to: to || undefined })} />
      <CheckboxList
        legend={t('pool.claimRoles')}
        options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
        value={claim.roles}
        onChange={(roles) => setClaim({ ...claim, roles: roles as Role[] | undefined })}
      />
      <NumberInput label={t('pool.maxClaims')} value={claim.maxClaims} min={1} onChange={(maxClaims) => setClaim({ ...claim, maxClaims })} />
      <DurationInput label={t('pool.window')} value={claim.window} onChange={(window) => setClaim({ ...claim, window })} />
      <DurationInput label={t('pool.cooldown')} value={claim.cooldown} onChange={(cooldown) => setClaim({ ...claim, cooldown })} />
      <h4>{t('pool.nurture')}</h4>
      {nurture.map((cadence, index) => (
        <CadenceEditor
          key={cadence.key}
          cadence={cadence}
          fieldNames={fieldNames}
          onChange={(next) => onChange({ ...pool, nurture: nurture.map((c, i) => (i === index ? next : c)) })}
          onRemove={() => onChange({ ...pool, nurture: nurture.filter((_, i) => i !== index) })}
        />
      ))}
      <button
        type="button"
        onClick={() =>
          onChange({ ...pool, nurture: [...nurture, { key: uniqueKey('cadence', new Set(nurture.map((c) => c.key))), every: DEFAULT_CADENCE_EVERY }] })
        }
      >
        {t('pool.addCadence')}
      </button>
      <DormancyEditor pool={pool} onChange={onChange} />
    </fieldset>
  );
}

/** One nurture cadence: how often it touches a record, and on which records. */
function CadenceEditor({
  cadence,
  fieldNames,
  onChange,
  onRemove,
}: {
  cadence: Cadence;
  fieldNames: readonly string[];
  onChange: (cadence: Cadence) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="cadence">
      <legend>
        <code>{cadence.key}</code>
      </legend>
      <DurationInput label={t('pool.every')} value={cadence.every} onChange={(every) => onChange({ ...cadence, every })} />
      <ConditionBuilder
        label={t('pool.when')}
        value={cadence.when}
        fieldNames={fieldNames}
        testId={`cadence-${cadence.key}`}
        onChange={(when) => onChange(withWhen(cadence, when))}
      />
      <button type="button" onClick={onRemove}>
        {t('pool.removeCadence')}
      </button>
    </fieldset>
  );
}

/** After how many unanswered touches a record turns dormant, and how often it is touched then. */
function DormancyEditor({ pool, onChange }: { pool: PoolSpec; onChange: (pool: PoolSpec) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <h4>{t('pool.dormancy')}</h4>
      <NumberInput
        label={t('pool.dormantAfter')}
        value={pool.dormancy?.afterTouchesWithoutResponse}
        min={1}
        onChange={(after) => {
          const { dormancy: _dormancy, ...rest } = pool;
          onChange(
            after === undefined ? rest : { ...rest, dormancy: { afterTouchesWithoutResponse: after, every: pool.dormancy?.every ?? DEFAULT_DORMANT_EVERY } },
          );
        }}
      />
      {pool.dormancy ? (
        <DurationInput
          label={t('pool.dormantEvery')}
          value={pool.dormancy.every}
          onChange={(every) => pool.dormancy && onChange({ ...pool, dormancy: { ...pool.dormancy, every } })}
        />
      ) : null}
    </>
  );
}
