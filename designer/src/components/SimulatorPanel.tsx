export type Props = { apiKey: string; workflowKey: string };

/** Placeholder replaced below. */
export function SimulatorPanel(_props: Props) {
  return null;
}
