import { graphql, type ResultOf, request } from '../graphql';

const RECORD = graphql(`
  query RecordPage($id: ID!) {
    record(id: $id) {
      __typename
      ... on Record {
        id
        version
        workflowKey
        workflowVersion
        stage
        phase
        fields
        ownerId
        owner { id name }
        score
        nextFollowUpAt
        followUpNote
        pool { reason since }
        timers { key stage dueAt warnAt warned extensions extensionRequestedAt }
        guidance { keyFields { field filled } }
        pendingApproval { transition timer note requestedAt requestedBy { name } }
        availableTransitions {
          transition
          to
          available
          reasonRequired
          reasonOptions
          approval { roles ownerManager }
          blockers { type message field detail }
        }
      }
      ... on Error { code message }
    }
  }
`);

/** The record as the record page shows it: stage, fields, timers, guidance and the transitions out of its stage. */
export type RecordView = Extract<ResultOf<typeof RECORD>['record'], { __typename: 'Record' }>;

/** Why the record could not be shown: the api's refusal (NotFound, Forbidden). */
export class RecordUnavailable extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * Reads one record with everything its page shows; a refusal (not found, forbidden) throws RecordUnavailable.
 * @example const record = await loadRecord('rec_1'); record.stage // → 'sql'
 */
export async function loadRecord(id: string): Promise<RecordView> {
  const { record } = await request(RECORD, { id });
  if (record.__typename !== 'Record') throw new RecordUnavailable(record.code);
  return record;
}
