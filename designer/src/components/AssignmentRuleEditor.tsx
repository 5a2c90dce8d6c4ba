import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ASSIGNMENT_STRATEGIES, type AssignmentRule, type AssignmentStrategy, type AssignmentTarget, ROLES, type Role } from '@funnel/schemas';
import { TARGET_KINDS, type TargetKind, targetKind, userList, weightsFromText, weightsToText, withStrategy, withTargetKind } from '../model/assignment-target';
import { withWhen } from '../model/with-when';
import { ConditionBuilder } from './ConditionBuilder';
import { LocalizedTextInput } from './LocalizedTextInput';
import { SelectInput } from './SelectInput';

export type Props = {
  rule: AssignmentRule;
  position: { index: number; count: number };
  fieldNames: readonly string[];
  onChange: (rule: AssignmentRule) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

/** The role a team by role starts with: the people who work leads. */
const DEFAULT_ROLE: Role = 'sales';

/**
 * One assignment rule: its name, when it applies (the condition builder; empty is every record), whom it routes to
 * (a user, or a team by manager, users or role, with its strategy and, for a weighted rotation, weights), and its
 * place in the order (the first rule that applies wins).
 */
export function AssignmentRuleEditor({ rule, position, fieldNames, onChange, onMove, onRemove }: Props) {
  const { t } = useTranslation();
  const setTarget = (target: AssignmentTarget) => onChange({ ...rule, target });
  return (
    <fieldset className="assignment-rule" data-testid={`assignment-rule-${rule.key}`}>
      <legend>
        {t('assignment.rule', { number: position.index + 1 })} <code>{rule.key}</code>
      </legend>
      <LocalizedTextInput label={t('assignment.ruleName')} value={rule.name} onChange={(name) => onChange({ ...rule, name })} />
      <ConditionBuilder
        label={t('assignment.when')}
        value={rule.when}
        fieldNames={fieldNames}
        testId={`assignment-when-${rule.key}`}
        onChange={(when) => onChange(withWhen(rule, when))}
      />
      <TargetEditor ruleKey={rule.key} target={rule.target} onChange={setTarget} />
      <div className="row">
        <button type="button" disabled={position.index === 0} onClick={() => onMove(-1)}>
          {t('assignment.moveUp')}
        </button>
        <button type="button" disabled={position.index === position.count - 1} onClick={() => onMove(1)}>
          {t('assignment.moveDown')}
        </button>
        <button type="button" onClick={onRemove} data-testid={`assignment-remove-${rule.key}`}>
          {t('assignment.removeRule')}
        </button>
      </div>
    </fieldset>
  );
}

/** Whom the rule routes to, and how a team shares the records. */
function TargetEditor({ ruleKey, target, onChange }: { ruleKey: string; target: AssignmentTarget; onChange: (target: AssignmentTarget) => void }) {
  const { t } = useTranslation();
  const kind = targetKind(target);
  return (
    <>
      <SelectInput
        label={t('assignment.target')}
        value={kind}
        options={TARGET_KINDS.map((value) => ({ value, label: t(`assignment.targetKinds.${value}`) }))}
        onChange={(next) => onChange(withTargetKind({ target, kind: next as TargetKind, role: DEFAULT_ROLE }))}
        testId={`assignment-target-${ruleKey}`}
      />
      {kind === 'role' ? (
        <SelectInput
          label={t('assignment.role')}
          value={target.team?.role ?? DEFAULT_ROLE}
          options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          onChange={(role) => onChange({ ...target, team: { role: role as Role } })}
        />
      ) : (
        <PeopleInput kind={kind} target={target} onChange={onChange} testId={`assignment-people-${ruleKey}`} />
      )}
      {kind !== 'user' ? (
        <SelectInput
          label={t('assignment.strategy')}
          value={target.strategy ?? 'round_robin'}
          options={ASSIGNMENT_STRATEGIES.map((value) => ({ value, label: t(`assignment.strategies.${value}`) }))}
          onChange={(strategy) => onChange(withStrategy(target, strategy as AssignmentStrategy))}
          testId={`assignment-strategy-${ruleKey}`}
        />
      ) : null}
      {target.strategy === 'weighted_round_robin' ? <WeightsInput target={target} onChange={onChange} testId={`assignment-weights-${ruleKey}`} /> : null}
    </>
  );
}

/** The user id, the manager's id, or the list of user ids, as typed (kept as text until it is left). */
function PeopleInput({
  kind,
  target,
  onChange,
  testId,
}: {
  kind: TargetKind;
  target: AssignmentTarget;
  onChange: (target: AssignmentTarget) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const shown = kind === 'user' ? (target.user ?? '') : kind === 'manager' ? (target.team?.manager ?? '') : (target.team?.users ?? []).join(', ');
  return (
    <div className="row">
      <label htmlFor={id}>{t(`assignment.people.${kind}`)}</label>
      <input
        id={id}
        key={`${kind}:${shown}`}
        defaultValue={shown}
        spellCheck={false}
        data-testid={testId}
        onBlur={(event) => {
          const text = event.target.value.trim();
          if (kind === 'user') onChange({ ...target, user: text });
          else if (kind === 'manager') onChange({ ...target, team: { manager: text } });
          else onChange({ ...target, team: { users: userList(text) } });
        }}
      />
    </div>
  );
}

/** A weighted rotation's weights, typed as `user=weight` pairs; a pair that is not one is said and left out. */
function WeightsInput({ target, onChange, testId }: { target: AssignmentTarget; onChange: (target: AssignmentTarget) => void; testId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [invalid, setInvalid] = useState<string[]>([]);
  return (
    <div className="form-field">
      <label htmlFor={id}>{t('assignment.weights')}</label>
      <input
        id={id}
        key={weightsToText(target.weights)}
        defaultValue={weightsToText(target.weights)}
        spellCheck={false}
        data-testid={testId}
        aria-invalid={invalid.length > 0 ? true : undefined}
        onBlur={(event) => {
          const read = weightsFromText(event.target.value);
          setInvalid(read.invalid);
          const { weights: _old, ...rest } = target;
          onChange(Object.keys(read.weights).length === 0 ? rest : { ...rest, weights: read.weights });
        }}
      />
      <small className="hint">{t('assignment.weightsHint')}</small>
      {invalid.length > 0 ? (
        <p className="field-error" role="alert">
          {t('assignment.weightsInvalid', { pairs: invalid.join(', ') })}
        </p>
      ) : null}
    </div>
  );
}
