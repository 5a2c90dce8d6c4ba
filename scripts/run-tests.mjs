// `npm test` after setup: typechecks every package (tsc -b) and runs every Vitest project, even
// when the typecheck fails, so one type error does not hide the test results. Prints, last,
// "tests: N passed, M failed" (the typecheck counts as one test) and writes it to
// artifacts/test-summary.txt for .ci/run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const report = process.env.FUNNEL_TEST_REPORT ?? 'artifacts/vitest-report.json';
mkdirSync('artifacts', { recursive: true });
rmSync(report, { force: true });

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;
console.log('> tsc -b');
const typecheckOk = run('tsc', ['-b']) === 0;
if (!typecheckOk) console.error('typecheck failed: see the tsc errors above');
const vitestStatus = run('vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);

let passed = typecheckOk ? 1 : 0;
let failed = typecheckOk ? 0 : 1;
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
