import { graphql, type ResultOf, request } from '../graphql';

const TRANSITION_RECORD = graphql(`
  mutation TransitionRecord($input: TransitionRecordInput!) {
    transitionRecord(input: $input) {
      __typename
      ... on Record { id stage version ownerId fields probability }
      ... on GuardRejected { code message blockers { type message field pointer options requiredRoles detail } }
      ... on VersionConflict { expectedVersion currentVersion }
      ... on LimitReached { limit max current }
      ... on ValidationFailed { diagnostics { pointer message } }
      ... on Error { code message }
    }
  }
`);

/** What a transition came to: the moved record, or the api's refusal with every blocker it named. */
export type TransitionOutcome = ResultOf<typeof TRANSITION_RECORD>['transitionRecord'];

/** What a transition asks for besides its key: the fields, reason and probability a blocker asked for. */
export interface TransitionAnswers {
  fields?: Record<string, unknown>;
  reason?: string;
  probability?: number;
}

/**
 * Runs one transition of a record at the version the person saw, with what they filled in.
 * @example await runTransition({ id, expectedVersion: 3, transition: 'create_opportunity' }, { fields: { seats: 10 } })
 */
export async function runTransition(
  record: { id: string; expectedVersion: number; transition: string },
  answers: TransitionAnswers = {},
): Promise<TransitionOutcome> {
  const { transitionRecord } = await request(TRANSITION_RECORD, { input: { ...record, ...answers } });
  return transitionRecord;
}
