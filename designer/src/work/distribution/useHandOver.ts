import { useEffect, useState } from 'react';
import { readFragment, request } from '../graphql';
import { HAND_OVER, HAND_OVER_JOB, type HandOverJob, JOB_FIELDS } from './distribution-documents';

/** How often a running hand-over's job is read again. */
const JOB_POLL_MS = 500;

export type HandOverState = { status: 'idle' } | { status: 'running' | 'done'; job: HandOverJob } | { status: 'failed'; message: string };

async function readJob(id: string): Promise<HandOverJob> {
  const { job } = await request(HAND_OVER_JOB, { id });
  if (job.__typename !== 'Job') throw new Error(job.message);
  return readFragment(JOB_FIELDS, job);
}

/**
 * Hands over everything open of one person (to one person, or by the rules) and follows the api's job until it is
 * done, for a progress bar.
 * @example const { state, start } = useHandOver(); start({ from: 'u_ann', to: 'u_bo' });
 */
export function useHandOver(onDone: () => void) {
  const [state, setState] = useState<HandOverState>({ status: 'idle' });
  const runningId = state.status === 'running' ? state.job.id : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the job is followed while it runs, once per job.
  useEffect(() => {
    if (runningId === null) return;
    const timer = setInterval(() => {
      readJob(runningId).then(
        (job) => {
          setState({ status: job.status === 'running' ? 'running' : 'done', job });
          if (job.status !== 'running') onDone();
        },
        (error: unknown) => setState({ status: 'failed', message: String(error) }),
      );
    }, JOB_POLL_MS);
    return () => clearInterval(timer);
  }, [runningId]);

  const start = async (input: { from: string; to: string | null }) => {
    try {
      const { handOverRecords: answer } = await request(HAND_OVER, { input: { from: input.from, ...(input.to ? { to: input.to } : {}) } });
      if (answer.__typename !== 'Job') throw new Error(answer.message);
      const job: HandOverJob = readFragment(JOB_FIELDS, answer);
      setState({ status: job.status === 'running' ? 'running' : 'done', job });
      if (job.status !== 'running') onDone();
    } catch (error) {
      setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };
  return { state, start };
}
