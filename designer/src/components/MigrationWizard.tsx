import type { WorkflowDetail } from '../api/funnel-api';

export type Props = { apiKey: string; workflow: WorkflowDetail; from: number; to: number; onClose: () => void };

/** Placeholder replaced below. */
export function MigrationWizard(_props: Props) {
  return null;
}
