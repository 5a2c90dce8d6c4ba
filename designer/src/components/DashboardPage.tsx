export type Props = { apiKey: string; workflowKey: string };

/** Placeholder replaced below. */
export function DashboardPage(_props: Props) {
  return null;
}
