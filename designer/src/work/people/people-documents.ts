import { graphql, type ResultOf } from '../graphql';

export const USERS_PAGE = graphql(`
  query PeopleUsers($after: String) {
    users(first: 100, after: $after) {
      edges {
        node {
          id
          name
          email
          roles
          status
          active
          locale
          timeZone
          managerId
          availability { awayFrom awayUntil }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** A person as the People screen lists them. */
export type Person = ResultOf<typeof USERS_PAGE>['users']['edges'][number]['node'];

export const INVITE_USER = graphql(`
  mutation PeopleInvite($input: InviteUserInput!) {
    inviteUser(input: $input) {
      __typename
      ... on InviteUserPayload { emailed invitationLink user { id name email } }
      ... on ValidationFailed { diagnostics { code pointer } }
      ... on NotFound { pointer }
    }
  }
`);

export const UPDATE_USER = graphql(`
  mutation PeopleUpdate($input: UpdateUserInput!) {
    updateUser(input: $input) {
      __typename
      ... on User { id name active }
      ... on ValidationFailed { diagnostics { code pointer } }
      ... on NotFound { pointer }
    }
  }
`);

export const AUDIT_LOG = graphql(`
  query PeopleAuditLog($filter: AuditLogFilter, $after: String) {
    auditLog(filter: $filter, first: 20, after: $after) {
      edges { node { id action at targetType targetId before after actor { userId keyId user { name } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** One administrative change as the audit log shows it. */
export type AuditEntry = ResultOf<typeof AUDIT_LOG>['auditLog']['edges'][number]['node'];
