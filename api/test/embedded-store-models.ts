import { afterAll, beforeAll } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '@funnel/embedded-mongo';
import { openModels, type Models } from '../src/models/models';

/**
 * The models on an in-memory embedded store that starts before a test file's tests and stops after them (call it
 * at the top of the file); `models` is there once the tests run.
 * @example const store = embeddedStoreModels(); it('…', async () => { await store.models.Record.find({ tenantId }) })
 */
export function embeddedStoreModels(): { readonly models: Models } {
  let mongo: EmbeddedMongo | undefined;
  let opened: { models: Models; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    mongo = await startEmbeddedMongo({ inMemory: true, log: () => undefined });
    opened = await openModels(mongo.uri);
  });
  afterAll(async () => {
    await opened?.close();
    await mongo?.close();
  });
  return {
    get models() {
      if (!opened) throw new Error('the embedded store is not open yet: use the models inside a test');
      return opened.models;
    },
  };
}
