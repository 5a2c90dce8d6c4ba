export { defaultDataDir, startEmbeddedMongo, type EmbeddedMongo, type EmbeddedMongoOptions } from './start-embedded-mongo.js';
export { COMMANDS } from './run-command.js';
export { spawnEmbeddedMongo, type SpawnEmbeddedMongoOptions, type SpawnedEmbeddedMongo, type StoreExit } from './spawn-embedded-mongo.js';
export { backupArchiveOperations, restoreBackupArchive, type ArchiveOperation, type BackupSummary } from './backup-archive.js';
export { runningStoreUri } from './store-address.js';
