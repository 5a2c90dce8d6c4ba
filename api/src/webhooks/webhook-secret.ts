import { randomBytes } from 'node:crypto';

/** 24 random bytes (192 bits): Standard Webhooks asks for a key of 24 to 64 bytes. */
const SECRET_BYTES = 24;

/**
 * A new signing secret for a webhook endpoint, in the Standard Webhooks form (`whsec_` and the key in base64) that
 * the `standardwebhooks` package's `new Webhook(secret)` takes on both sides.
 * @example newWebhookSecret() // → 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;
}
