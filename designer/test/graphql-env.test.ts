import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const designer = join(import.meta.dirname, '..');

describe('the work area typed GraphQL introspection', () => {
  it('is generated from the api printed schema as it is now (else run `npx gql-tada generate output` in designer/)', () => {
    const output = join(mkdtempSync(join(tmpdir(), 'gql-tada-')), 'graphql-env.d.ts');
    execFileSync(join(designer, 'node_modules/.bin/gql-tada'), ['generate', 'output', '--output', output], { cwd: designer, stdio: 'pipe' });
    expect(readFileSync(join(designer, 'src/work/graphql-env.d.ts'), 'utf8')).toBe(readFileSync(output, 'utf8'));
  });

  it('types every work-area document against that schema (gql-tada check: a field the schema lacks fails here, tsc alone does not)', () => {
    const run = spawnSync(join(designer, 'node_modules/.bin/gql-tada'), ['check'], { cwd: designer, encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toContain('No problems found');
  }, 60_000);
});
