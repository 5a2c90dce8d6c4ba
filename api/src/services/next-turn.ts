/**
 * A DataLoader `batchScheduleFn`: the loads made until the next turn of the event loop go in one batch — the
 * requests that arrived together, or every field of one level of an answer.
 * @example new DataLoader(load, { cache: false, batchScheduleFn: nextTurn })
 */
export const nextTurn = (run: () => void): void => {
  setImmediate(run);
};
