import { useTranslation } from 'react-i18next';
import type { WorkflowSummary } from '../../api/funnel-api';
import { apiText } from '../board/board-model';
import './workflow-select.css';

export type Props = {
  workflows: readonly WorkflowSummary[];
  /** The key of the workflow shown. */
  value: string;
  onChange: (workflowKey: string) => void;
  testId?: string;
};

/** The workflow a screen shows, picked by its name in the person's language. */
export function WorkflowSelect({ workflows, value, onChange, testId }: Props) {
  const { t, i18n } = useTranslation('work');
  return (
    <label className="workflow-select">
      {t('workflow')}
      <select value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
        {workflows.map((workflow) => (
          <option key={workflow.key} value={workflow.key}>
            {apiText(workflow.localizedName, i18n.language)}
          </option>
        ))}
      </select>
    </label>
  );
}
