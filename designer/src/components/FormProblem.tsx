export type Props = { problem: string | null };

/** What is wrong with a form as a whole (a failed sign-in, a throttle, a link that does not work), above its button. */
export function FormProblem({ problem }: Props) {
  if (!problem) return null;
  return (
    <p className="form-problem error-inline" role="alert" data-testid="form-problem">
      {problem}
    </p>
  );
}
