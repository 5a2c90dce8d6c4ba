import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret } from '../../src/webhooks/webhook-secret';

describe('a new webhook secret', () => {
  it('is whsec_ and 24 random bytes in base64, a key standardwebhooks signs and verifies with', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(24);
    const timestamp = new Date();
    const signature = new Webhook(secret).sign('evt_1', timestamp, '{"a":1}');
    const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature };
    expect(new Webhook(secret).verify('{"a":1}', headers)).toEqual({ a: 1 });
  });

  it('differs each time', () => {
    expect(new Set(Array.from({ length: 20 }, newWebhookSecret)).size).toBe(20);
  });
});
