import { type FragmentOf, graphql, type ResultOf, readFragment, request } from '../graphql';

const REFUSAL = graphql(`
  fragment RecordRefusal on Error {
    __typename
    code
    message
    ... on ValidationFailed { diagnostics { code pointer message severity } }
    ... on GuardRejected { blockers { type field message detail } }
    ... on LimitReached { limit max current }
  }
`);

/**
 * Why a change did not land: the api's refusal (its error type and what it named: field diagnostics, blockers, a
 * limit), or `Unreachable` when no answer came (the network, or a server error).
 */
export type Refusal = ResultOf<typeof REFUSAL> | { __typename: 'Unreachable'; code: 'UNREACHABLE'; message: string };

/** What a change of the record came to: its new version, or the api's refusal. */
export type ChangeOutcome = { type: 'changed'; version: number } | { type: 'refused'; refusal: Refusal };

type Answer = { __typename: 'Record'; version: number } | FragmentOf<typeof REFUSAL>;

/** The api's answer to a change as an outcome; a request that got no answer is refused as Unreachable. */
async function outcome(answered: Promise<Answer>): Promise<ChangeOutcome> {
  try {
    const answer = await answered;
    if ('version' in answer) return { type: 'changed', version: answer.version };
    return { type: 'refused', refusal: readFragment(REFUSAL, answer) };
  } catch (error) {
    return { type: 'refused', refusal: { __typename: 'Unreachable', code: 'UNREACHABLE', message: String(error) } };
  }
}

const UPDATE_RECORD = graphql(
  `
  mutation UpdateRecordFields($input: UpdateRecordInput!) {
    updateRecord(input: $input) { __typename ... on Record { version } ...RecordRefusal }
  }
`,
  [REFUSAL],
);

const LOG_ACTIVITY = graphql(
  `
  mutation LogRecordActivity($input: LogActivityInput!) {
    logActivity(input: $input) { __typename ... on Record { version } ...RecordRefusal }
  }
`,
  [REFUSAL],
);

const REQUEST_EXTENSION = graphql(
  `
  mutation RequestRecordExtension($input: RequestExtensionInput!) {
    requestExtension(input: $input) { __typename ... on Record { version } ...RecordRefusal }
  }
`,
  [REFUSAL],
);

const REQUEST_APPROVAL = graphql(
  `
  mutation RequestRecordApproval($input: RequestApprovalInput!) {
    requestApproval(input: $input) { __typename ... on Record { version } ...RecordRefusal }
  }
`,
  [REFUSAL],
);

const RELEASE_RECORD = graphql(
  `
  mutation ReleaseRecordToPool($input: ReleaseRecordInput!) {
    releaseRecord(input: $input) { __typename ... on Record { version } ...RecordRefusal }
  }
`,
  [REFUSAL],
);

/** An activity as `logActivity` takes it: a call's outcome, an email's direction, a note, and the next follow-up. */
export interface ActivityInput {
  type: 'call' | 'email' | 'meeting' | 'note';
  outcome?: 'answered' | 'busy' | 'unanswered' | 'wrong_number';
  direction?: 'inbound' | 'outbound';
  note?: string;
  nextStep?: { at: string; note?: string };
}

/** The record at the version the person saw (a change is refused if someone changed it since). */
type Seen = { id: string; expectedVersion: number };

/**
 * Changes fields of a record in place (null clears one), checked against the definition's field schema by the api.
 * @example await updateFields({ id, expectedVersion: 4, fields: { seats: 12 } })
 */
export async function updateFields(input: Seen & { fields: Record<string, unknown> }): Promise<ChangeOutcome> {
  return outcome(request(UPDATE_RECORD, { input }).then((data) => data.updateRecord));
}

/**
 * Logs a call, email, meeting or note, and with `nextStep` sets the next follow-up in the same write.
 * @example await logActivity({ id, expectedVersion: 4, activity: { type: 'call', outcome: 'unanswered', nextStep: { at } } })
 */
export async function logActivity(input: Seen & { activity: ActivityInput }): Promise<ChangeOutcome> {
  return outcome(request(LOG_ACTIVITY, { input }).then((data) => data.logActivity));
}

/**
 * Asks for an extension of an armed timer (a manager decides it).
 * @example await requestExtension({ id, expectedVersion: 5, timer: 'one_week_rule' })
 */
export async function requestExtension(input: Seen & { timer: string }): Promise<ChangeOutcome> {
  return outcome(request(REQUEST_EXTENSION, { input }).then((data) => data.requestExtension));
}

/**
 * Asks for approval of a transition that needs one.
 * @example await requestApproval({ id, expectedVersion: 5, transition: 'give_discount', note: 'Big account' })
 */
export async function requestApproval(input: Seen & { transition: string; note?: string }): Promise<ChangeOutcome> {
  return outcome(request(REQUEST_APPROVAL, { input }).then((data) => data.requestApproval));
}

/**
 * Gives the record back to the public pool with a reason.
 * @example await releaseRecord({ id, expectedVersion: 6, reason: 'no_need' })
 */
export async function releaseRecord(input: Seen & { reason?: string }): Promise<ChangeOutcome> {
  return outcome(request(RELEASE_RECORD, { input }).then((data) => data.releaseRecord));
}
