import { graphql, type ResultOf } from '../graphql';

export const API_KEYS_PAGE = graphql(`
  query AppsApiKeys($after: String) {
    apiKeys(first: 50, after: $after) {
      edges {
        node {
          id
          name
          createdAt
          lastUsedAt
          revokedAt
          rotatedAt
          scope { access operations }
          owner { __typename ... on User { id name } ... on Integration { name roles } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** An API key as the Apps screen lists it. */
export type ApiKey = ResultOf<typeof API_KEYS_PAGE>['apiKeys']['edges'][number]['node'];

export const API_KEY_OPERATIONS = graphql(`
  query AppsApiKeyOperations { apiKeyOperations }
`);

export const CREATE_API_KEY = graphql(`
  mutation AppsCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ... on CreateApiKeyPayload { token apiKey { id name } }
      ... on ValidationFailed { diagnostics { code pointer } }
      ... on NotFound { pointer }
    }
  }
`);

export const REVOKE_API_KEY = graphql(`
  mutation AppsRevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      __typename
      ... on RevokeApiKeyPayload { alreadyRevoked apiKey { id } }
      ... on NotFound { pointer }
    }
  }
`);

export const ROTATE_API_KEY = graphql(`
  mutation AppsRotateApiKey($input: RotateApiKeyInput!) {
    rotateApiKey(input: $input) {
      __typename
      ... on RotateApiKeyPayload { token apiKey { id name } }
      ... on ValidationFailed { diagnostics { code pointer } }
      ... on NotFound { pointer }
    }
  }
`);

export const WEBHOOK_ENDPOINTS = graphql(`
  query AppsWebhookEndpoints {
    webhookEventTypes
    webhookEndpoints { id url description events enabled disabledReason failingSince createdAt }
  }
`);

/** A webhook endpoint as the Apps screen lists it. */
export type WebhookEndpoint = ResultOf<typeof WEBHOOK_ENDPOINTS>['webhookEndpoints'][number];

export const CREATE_WEBHOOK_ENDPOINT = graphql(`
  mutation AppsCreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      __typename
      ... on WebhookEndpointSecretPayload { secret endpoint { id url } }
      ... on ValidationFailed { diagnostics { code pointer } }
    }
  }
`);

export const UPDATE_WEBHOOK_ENDPOINT = graphql(`
  mutation AppsUpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      __typename
      ... on WebhookEndpoint { id enabled }
      ... on ValidationFailed { diagnostics { code pointer } }
      ... on NotFound { pointer }
    }
  }
`);

export const DELETE_WEBHOOK_ENDPOINT = graphql(`
  mutation AppsDeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {
    deleteWebhookEndpoint(input: $input) {
      __typename
      ... on WebhookEndpoint { id }
      ... on NotFound { pointer }
    }
  }
`);

export const ROTATE_WEBHOOK_SECRET = graphql(`
  mutation AppsRotateWebhookSecret($input: RotateWebhookSecretInput!) {
    rotateWebhookSecret(input: $input) {
      __typename
      ... on WebhookEndpointSecretPayload { secret endpoint { id url } }
      ... on NotFound { pointer }
    }
  }
`);

export const WEBHOOK_DELIVERIES = graphql(`
  query AppsWebhookDeliveries($endpointId: ID!, $status: WebhookDeliveryStatus, $after: String) {
    webhookDeliveries(endpointId: $endpointId, status: $status, first: 20, after: $after) {
      __typename
      ... on QueryWebhookDeliveriesConnection {
        edges { node { id eventType status attempts responseCode error createdAt lastAttemptAt deliveredAt nextAttemptAt } }
        pageInfo { hasNextPage endCursor }
      }
      ... on Error { code message }
    }
  }
`);

/** One event on its way to an endpoint, as the delivery log shows it. */
export type WebhookDelivery = Extract<
  ResultOf<typeof WEBHOOK_DELIVERIES>['webhookDeliveries'],
  { __typename: 'QueryWebhookDeliveriesConnection' }
>['edges'][number]['node'];

export const REDELIVER_WEBHOOK = graphql(`
  mutation AppsRedeliverWebhook($input: RedeliverWebhookInput!) {
    redeliverWebhook(input: $input) {
      __typename
      ... on WebhookDelivery { id status }
      ... on NotFound { pointer }
    }
  }
`);
