import { join } from 'node:path';
import { REPOSITORY_ROOT } from './start-funnel-for-browser';

/** Where the browser tests write a screenshot of every step and screen (artifacts/ is not committed). */
export const SCREENSHOTS = join(REPOSITORY_ROOT, 'artifacts', 'screenshots');

/** Long enough for the api's debounced validation and a chart render on a busy 2-core machine. */
export const UI_TIMEOUT_MS = 15_000;

export const DAY_MS = 24 * 60 * 60 * 1000;
