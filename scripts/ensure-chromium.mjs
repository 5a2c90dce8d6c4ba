// The browser tests drive Debian's Chromium (never a downloaded browser) and screenshot pages in
// Chinese, which needs CJK fonts. On a machine where either is missing and we are root, install
// them from Debian's packages; otherwise say what to do.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.FUNNEL_CHROMIUM ?? '/usr/bin/chromium';
const CJK_FONTS = '/usr/share/fonts/opentype/noto';
const missing = [...(existsSync(CHROMIUM) ? [] : ['chromium']), ...(existsSync(CJK_FONTS) ? [] : ['fonts-noto-cjk'])];
if (missing.length === 0) process.exit(0);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(
    `Missing for the browser tests: ${missing.join(', ')}; install Debian's packages (sudo apt-get install -y ${missing.join(' ')}) or set FUNNEL_CHROMIUM.`,
  );
  process.exit(0);
}
console.log(`Installing Debian's ${missing.join(' and ')} for the browser tests…`);
try {
  execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')} >/dev/null`, {
    stdio: 'inherit',
    shell: '/bin/bash',
  });
} catch {
  console.error(`Could not install ${missing.join(', ')} with apt-get; browser tests will fail or show boxes for Chinese text.`);
}
