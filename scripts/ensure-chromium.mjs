// The browser tests drive Debian's Chromium (never a downloaded browser). On a machine where
// it is missing and we are root, install it from Debian's packages; otherwise say what to do.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.FUNNEL_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`Chromium is not at ${CHROMIUM}; install Debian's package (sudo apt-get install -y chromium) or set FUNNEL_CHROMIUM. Browser tests will fail without it.`);
  process.exit(0);
}
console.log('Installing Debian chromium for the browser tests…');
try {
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null', { stdio: 'inherit', shell: '/bin/bash' });
} catch {
  console.error('Could not install chromium with apt-get; browser tests will fail.');
}
