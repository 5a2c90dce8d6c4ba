// `npm test` after setup: checks format and lint (Biome), unused files, exports and dependencies
// (knip), typechecks every package (tsc -b) and runs every Vitest project, even when a check
// fails, so one finding does not hide the test results. Prints, last, "tests: N passed, M failed"
// (Biome, knip and the typecheck count as one test each) and writes it to
// artifacts/test-summary.txt for .ci/run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const report = process.env.FUNNEL_TEST_REPORT ?? 'artifacts/vitest-report.json';
mkdirSync('artifacts', { recursive: true });
rmSync(report, { force: true });

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

// The browser tests' designer build runs beside the checks (the two cores are otherwise half idle while tsc runs);
// their global setup then finds it built (FUNNEL_DESIGNER_BUILT) instead of building while every test waits.
const designerBuilt = new Promise((resolve) => {
  const build = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { cwd: 'designer', stdio: 'inherit' });
  build.on('exit', (code) => resolve(code ?? 1));
  build.on('error', () => resolve(1));
});
const checks = [
  ['biome', ['check', '.'], 'Biome found format or lint problems (fix formatting with: npx biome check --write .)'],
  ['knip', ['--no-progress'], 'knip found unused files, exports or dependencies'],
  ['tsc', ['-b'], 'typecheck failed: see the tsc errors above'],
];
let checksPassed = 0;
for (const [cmd, args, failure] of checks) {
  console.log(`> ${cmd} ${args.join(' ')}`);
  if (run(cmd, args) === 0) checksPassed += 1;
  else console.error(failure);
}
if ((await designerBuilt) === 0) process.env.FUNNEL_DESIGNER_BUILT = '1';
else console.error('the designer build failed: the browser tests build it again and say why');
const vitestStatus = run('vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);

let passed = checksPassed;
let failed = checks.length - checksPassed;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  // A file that fails to load is a failed suite without a failed test: count it too.
  const brokenFiles = (r.testResults ?? []).filter((s) => s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  failed += r.numFailedTests + brokenFiles;
} else {
  failed += 1;
  console.error('Vitest wrote no report: it failed before running tests');
}
if (vitestStatus !== 0 && failed === 0) failed = 1;
const line = `tests: ${passed} passed, ${failed} failed`;
writeFileSync('artifacts/test-summary.txt', `${line}\n`);
console.log(line);
process.exit(failed === 0 ? 0 : 1);
