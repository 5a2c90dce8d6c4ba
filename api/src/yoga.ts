import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { createYoga } from 'graphql-yoga';
import mongoose, { type Connection } from 'mongoose';
import sirv from 'sirv';
import { useSessionCookies } from './auth/session-cookies';
import { useKeyScopes } from './auth/use-key-scopes';
import { systemClock, type Clock } from './clock';
import { apiConfig, type ApiConfig, type ApiConfigOverrides } from './config';
import type { Context } from './context';
import { useDocumentLimits } from './document-limits';
import { useIntrospectionLimit } from './introspection-limit';
import { useJsonRefusals } from './json-refusals';
import { createModels, syncIndexes } from './models/models';
import { exportRecords, RECORD_EXPORT_PATH } from './export/record-export';
import { requestContext } from './request-context';
import { useRequestIdMasking } from './request-id-masking';
import { useRequestSizeLimit } from './request-size-limit';
import { buildSchema } from './schema/schema';
import { createServices, type Services } from './services/services';
import { backfillTenantSlugs } from './services/tenant-slugs';
import { describeUnrunnablePattern, findUnrunnablePatterns } from './services/unrunnable-patterns';

const GRAPHQL_PATH = '/graphql';

/** A running Funnel api: `yoga.fetch` for in-process tests, `handle` for node:http. */
export interface FunnelServer {
  yoga: ReturnType<typeof createYoga<Record<string, unknown>, Context>>;
  services: Services;
  config: ApiConfig;
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  close: () => Promise<void>;
}

/**
 * Builds the api on a mongoose connection (or a URI): models and indexes, services, a log line for each published
 * field pattern that cannot run in linear time (findUnrunnablePatterns), the GraphQL server
 * with its limits, the sweeper (started when `config.sweepIntervalMs > 0`), the contact-key backfill (started
 * at once, in the background) and the designer's static files.
 * @example const server = await createFunnelServer({ uri, clock: new TestClock(), config: apiConfig({ testClock: true }) })
 */
export async function createFunnelServer(input: { connection?: Connection; uri?: string; clock?: Clock; config?: ApiConfigOverrides }): Promise<FunnelServer> {
  const config = apiConfig(input.config);
  const ownConnection = !input.connection;
  const connection = input.connection ?? (await mongoose.createConnection(input.uri as string).asPromise());
  const models = createModels(connection);
  await syncIndexes(models);
  const services = createServices({ models, clock: input.clock ?? systemClock, config });
  for (const pattern of await findUnrunnablePatterns(models)) services.log(describeUnrunnablePattern(pattern));
  const slugsGiven = await backfillTenantSlugs(models);
  if (slugsGiven > 0) services.log(`gave ${slugsGiven} tenant(s) made before sign-in a slug made from their name`);

  const yoga = createYoga<Record<string, unknown>, Context>({
    schema: buildSchema({ testClock: config.testClock }),
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: true,
    landingPage: false,
    maskedErrors: true,
    // The size limit is checked from Content-Length by useRequestSizeLimit, before the body is read.
    maxRequestBodySize: false,
    // One operation per request: a JSON array body is refused (400), so every limit below holds per request.
    batching: false,
    plugins: [
      useJsonRefusals(),
      useSessionCookies({ trustProxy: config.trustProxy, allowedOrigins: config.allowedOrigins }),
      useRequestSizeLimit(config.maxRequestBytes),
      useDocumentLimits({ maxTokens: config.maxQueryTokens, maxNesting: config.maxQueryNesting }),
      maxDepthPlugin({ n: config.maxQueryDepth, ignoreIntrospection: true }),
      useIntrospectionLimit(config.maxIntrospectionLists),
      costLimitPlugin({ maxCost: config.maxQueryCost, ignoreIntrospection: true }),
      maxAliasesPlugin({ n: config.maxQueryAliases, allowList: [] }),
      maxDirectivesPlugin({ n: config.maxQueryDirectives }),
      useRequestIdMasking(),
      // Last: a request whose API key's scope does not cover it is refused after every check of the document, before anything runs.
      useKeyScopes(),
    ],
    context: requestContext(services),
  });

  const designerDir = config.designerDir;
  const designer = designerDir && existsSync(designerDir) ? sirv(designerDir, { single: true, etag: true }) : null;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if ((req.url ?? '/').split('?')[0] === RECORD_EXPORT_PATH) {
      void exportRecords(services, req, res);
      return;
    }
    if (designer && !(req.url ?? '/').startsWith(GRAPHQL_PATH)) {
      designer(req, res, () => {
        res.statusCode = 404;
        res.end('Not found');
      });
      return;
    }
    void yoga(req, res);
  };

  services.keyRevocations.start();
  services.audit.start();
  services.passwords.warm();
  services.sweeper.start();
  services.contactKeyBackfill.start();
  services.searchTermsBackfill.start();
  services.activitiesBackfill.start();
  services.metricSummaries.start();
  services.deliveries.start();
  return {
    yoga,
    services,
    config,
    handle,
    close: async () => {
      await services.background.idle();
      await services.keyRevocations.stop();
      await services.audit.stop();
      await services.contactKeyBackfill.stop();
      await services.searchTermsBackfill.stop();
      await services.activitiesBackfill.stop();
      await services.metricSummaries.stop();
      await services.sweeper.stop();
      await services.drainer.flush();
      await services.deliveries.stop();
      await services.feed.close();
      await services.definitions.close();
      services.mailer.close();
      if (ownConnection) await connection.close();
    },
  };
}
