// Loaded before an api process a test starts (`npx tsx --import ./test/e2e/clock-behind.mjs api/src/main.ts`): its
// clock reads CLOCK_BEHIND_MS milliseconds behind the machine's, as a server whose clock is a little off would.
const behindMs = Number(process.env.CLOCK_BEHIND_MS ?? 0);
const machineNow = Date.now;
Date.now = () => machineNow() - behindMs;
