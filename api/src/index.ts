// The api's public surface: build a server (tests, main.ts) and the pieces the CLI and benchmarks use.
export { createFunnelServer, type FunnelServer } from './yoga';
export { apiConfig, DEFAULT_MAX_CSV_CELL_LENGTH, DEFAULT_MAX_CSV_COLUMNS, type ApiConfig, type ApiConfigOverrides } from './config';
export { createHttpServer } from './http-server';
export { systemClock, TestClock, type Clock } from './clock';
export { createModels, openModels, syncIndexes, type Models } from './models/models';
export { tenantCollection } from './models/tenant-collection';
export { TenantBulkWriter, type TenantWrite, type WriteOutcome } from './models/tenant-bulk-writer';
export { createTenant } from './services/create-tenant';
export { printedSchema, buildSchema } from './schema/schema';
export { ApiError, API_ERROR_CODES, type ApiErrorCode } from './errors';
export { recordEventsTopic } from './services/record-events-topic';
export { metricsJobId } from './metrics/metrics-job-id';
export { liveSummary } from './metrics/whole-days';
export { dayRange } from './metrics/metric-days';
