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

/** Runs a command with its output held back, and resolves with its exit code and that output. */
function runHeld(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

// The checks and the browser tests' designer build run side by side (one after another they left a core idle for
// most of a minute); each check's output is printed whole when it ends. The browser tests' global setup then finds
// the designer built (FUNNEL_DESIGNER_BUILT) instead of building it while every test waits.
const checks = [
  ['biome', ['check', '.'], 'Biome found format or lint problems (fix formatting with: npx biome check --write .)'],
  ['knip', ['--no-progress'], 'knip found unused files, exports or dependencies'],
  ['tsc', ['-b'], 'typecheck failed: see the tsc errors above'],
];
const designerBuilt = runHeld(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { cwd: 'designer' });
let checksPassed = 0;
const outcomes = await Promise.all(checks.map(([cmd, args]) => runHeld(cmd, args)));
checks.forEach(([cmd, args, failure], i) => {
  const { code, output } = outcomes[i];
  console.log(`> ${cmd} ${args.join(' ')}`);
  process.stdout.write(output);
  if (code === 0) checksPassed += 1;
  else console.error(failure);
});
const build = await designerBuilt;
if (build.code === 0) process.env.FUNNEL_DESIGNER_BUILT = '1';
else console.error(`the designer build failed (the browser tests build it again and say why):\n${build.output}`);
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
