// The engine's public surface. Pure functions: no I/O, no clock reads (time is an argument).
export * from './record';
export * from './metrics';
