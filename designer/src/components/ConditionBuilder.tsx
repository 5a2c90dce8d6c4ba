import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { conditionFromLogic } from '../model/condition-from-logic';
import { conditionToLogic } from '../model/condition-to-logic';
import { BUILDER_OPERATORS, COMBINATORS, PRESENCE_OPERATORS, type BuilderOperator, type Combinator, type ConditionNode } from '../model/condition-tree';
import { valueFromText, valueToText } from '../model/condition-value-text';
import { logicFromText, logicToText } from '../model/logic-text';
import { operatorName } from '../model/operator-name';

export type Props = { label: string; value: unknown; onChange: (logic: unknown) => void; fieldNames: readonly string[]; testId?: string };

/** Builds a json-logic condition visually (field, operator, value; and/or groups), or as raw JSON; both read and write json-logic. */
export function ConditionBuilder({ label, value, onChange, fieldNames, testId = 'condition' }: Props) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'visual' | 'raw'>('visual');
  const listId = useId();
  const tree = value === undefined ? null : conditionFromLogic(value);
  return (
    <fieldset className="condition-builder" data-testid={testId}>
      <legend>{label}</legend>
      <div className="mode-switch" role="group" aria-label={t('condition.mode')}>
        <button type="button" aria-pressed={mode === 'visual'} onClick={() => setMode('visual')}>
          {t('condition.visual')}
        </button>
        <button type="button" aria-pressed={mode === 'raw'} onClick={() => setMode('raw')} data-testid={`${testId}-raw-mode`}>
          {t('condition.raw')}
        </button>
      </div>
      <datalist id={listId}>
        {fieldNames.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      {mode === 'raw' ? (
        <RawEditor value={value} onChange={onChange} label={t('condition.rawLabel')} testId={`${testId}-raw`} />
      ) : tree === null ? (
        <button type="button" onClick={() => onChange({ and: [{ '!!': [{ var: fieldNames[0] ?? 'name' }] }] })} data-testid={`${testId}-add`}>
          {t('condition.add')}
        </button>
      ) : (
        <>
          <NodeEditor node={tree} onChange={(node) => onChange(conditionToLogic(node))} listId={listId} depth={0} />
          <button type="button" onClick={() => onChange(undefined)}>
            {t('condition.remove')}
          </button>
        </>
      )}
    </fieldset>
  );
}

type NodeEditorProps<N extends ConditionNode = ConditionNode> = {
  node: N;
  onChange: (node: ConditionNode) => void;
  /** Absent for the root, which is removed from the builder itself. */
  onRemove?: (() => void) | undefined;
  listId: string;
  depth: number;
};

function NodeEditor(props: NodeEditorProps) {
  const { node } = props;
  switch (node.kind) {
    case 'group':
      return <GroupEditor {...props} node={node} />;
    case 'comparison':
    case 'presence':
      return <RuleEditor {...props} node={node} />;
    case 'raw':
      return <RawRuleEditor {...props} node={node} />;
    default:
      return node satisfies never;
  }
}

/** An and/or group: its combinator, its children (each removable), and buttons to add a rule or a nested group. */
function GroupEditor({ node, onChange, onRemove, listId, depth }: NodeEditorProps<Extract<ConditionNode, { kind: 'group' }>>) {
  const { t } = useTranslation();
  return (
    <div className="condition-group" role="group" aria-label={t('condition.group')}>
      <select
        aria-label={t('condition.combinator')}
        value={node.combinator}
        onChange={(event) => onChange({ ...node, combinator: event.target.value as Combinator })}
      >
        {COMBINATORS.map((combinator) => (
          <option key={combinator} value={combinator}>
            {t(`condition.${combinator}`)}
          </option>
        ))}
      </select>
      <ul>
        {node.children.map((child, index) => (
          <li key={index}>
            <NodeEditor
              node={child}
              listId={listId}
              depth={depth + 1}
              onChange={(next) => onChange({ ...node, children: node.children.map((c, i) => (i === index ? next : c)) })}
              onRemove={() => onChange({ ...node, children: node.children.filter((_, i) => i !== index) })}
            />
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => onChange({ ...node, children: [...node.children, { kind: 'comparison', field: '', operator: '==', value: '' }] })}>
        {t('condition.addRule')}
      </button>
      <button type="button" onClick={() => onChange({ ...node, children: [...node.children, { kind: 'group', combinator: 'or', children: [] }] })}>
        {t('condition.addGroup')}
      </button>
      {onRemove ? (
        <button type="button" onClick={onRemove}>
          {t('condition.removeGroup')}
        </button>
      ) : null}
    </div>
  );
}

/** One rule: a field, an operator and (unless the operator tests presence) a value. */
function RuleEditor({ node, onChange, onRemove, listId }: NodeEditorProps<Extract<ConditionNode, { kind: 'comparison' | 'presence' }>>) {
  const { t } = useTranslation();
  return (
    <div className="condition-row">
      <input aria-label={t('condition.field')} list={listId} value={node.field} onChange={(event) => onChange({ ...node, field: event.target.value })} />
      <select
        aria-label={t('condition.operator')}
        value={node.operator}
        onChange={(event) => onChange(withOperator(node, event.target.value as BuilderOperator))}
      >
        {BUILDER_OPERATORS.map((operator) => (
          <option key={operator} value={operator}>
            {t(`operator.${operatorName(operator)}`)}
          </option>
        ))}
      </select>
      {node.kind === 'comparison' ? <ValueInput value={node.value} list={node.operator === 'in'} onChange={(value) => onChange({ ...node, value })} /> : null}
      <RemoveRuleButton onRemove={onRemove} />
    </div>
  );
}

/** A part of the condition the visual builder cannot show, edited as JSON. */
function RawRuleEditor({ node, onChange, onRemove }: NodeEditorProps<Extract<ConditionNode, { kind: 'raw' }>>) {
  const { t } = useTranslation();
  return (
    <div className="condition-row raw">
      <RawEditor value={node.logic} onChange={(logic) => onChange({ kind: 'raw', logic })} label={t('condition.rawPart')} />
      <RemoveRuleButton onRemove={onRemove} />
    </div>
  );
}

function RemoveRuleButton({ onRemove }: { onRemove: (() => void) | undefined }) {
  const { t } = useTranslation();
  if (!onRemove) return null;
  return (
    <button type="button" aria-label={t('condition.removeRule')} onClick={onRemove}>
      ✕
    </button>
  );
}

function ValueInput({ value, list, onChange }: { value: unknown; list: boolean; onChange: (value: unknown) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(valueToText(value));
  useEffect(() => setText(valueToText(value)), [value]);
  return (
    <input
      aria-label={list ? t('condition.values') : t('condition.value')}
      value={text}
      onChange={(event) => setText(event.target.value)}
      onBlur={() => onChange(valueFromText({ text, list }))}
    />
  );
}

function RawEditor({ value, onChange, label, testId }: { value: unknown; onChange: (logic: unknown) => void; label: string; testId?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(logicToText(value));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setText(logicToText(value)), [value]);
  return (
    <div className="raw-editor">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        data-testid={testId}
        rows={6}
        value={text}
        spellCheck={false}
        aria-invalid={problem !== null}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => {
          const parsed = logicFromText(text);
          if (!parsed.ok) return setProblem(parsed.message);
          setProblem(null);
          onChange(parsed.logic === null ? undefined : parsed.logic);
        }}
      />
      {problem ? <small className="field-error">{t('condition.notJson', { problem })}</small> : null}
    </div>
  );
}

function withOperator(node: Extract<ConditionNode, { kind: 'comparison' | 'presence' }>, operator: BuilderOperator): ConditionNode {
  if ((PRESENCE_OPERATORS as readonly string[]).includes(operator)) return { kind: 'presence', field: node.field, operator: operator as '!!' | '!' };
  const value = node.kind === 'comparison' ? node.value : '';
  return {
    kind: 'comparison',
    field: node.field,
    operator: operator as Exclude<BuilderOperator, '!!' | '!'>,
    value: operator === 'in' && !Array.isArray(value) ? [value] : value,
  };
}
