// Prints the size figures issue 16 tracks, for the tree it runs in: lines of api/src, functions over 80 lines
// (every package's src/, tests and benchmarks left out), and resolvers over 15 lines (`resolve:` and
// `subscribe:` functions under api/src/schema). Run: node scripts/code-figures.mjs [--list]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const PACKAGES = ['schemas', 'engine', 'embedded-mongo', 'api', 'designer'];
const FUNCTION_MAX_LINES = 80;
const RESOLVER_MAX_LINES = 15;
const list = process.argv.includes('--list');

function files(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : files(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const lineCount = (source, node) => source.getLineAndCharacterOfPosition(node.getEnd()).line - source.getLineAndCharacterOfPosition(node.getStart()).line + 1;

const apiLines = files('api/src').reduce((sum, path) => sum + readFileSync(path, 'utf8').split('\n').length, 0);
const longFunctions = [];
const longResolvers = [];
for (const path of PACKAGES.flatMap((p) => files(join(p, 'src')))) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const inSchema = path.startsWith(join('api', 'src', 'schema'));
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body && lineCount(source, node) > FUNCTION_MAX_LINES) {
      longFunctions.push(`${path}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} (${lineCount(source, node)} lines)`);
    }
    if (inSchema && ts.isPropertyAssignment(node) && ['resolve', 'subscribe'].includes(node.name.getText(source)) && ts.isFunctionLike(node.initializer)) {
      const lines = lineCount(source, node.initializer);
      if (lines > RESOLVER_MAX_LINES) longResolvers.push(`${path}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
console.log(`lines of api/src: ${apiLines}`);
console.log(`functions over ${FUNCTION_MAX_LINES} lines: ${longFunctions.length}`);
if (list) for (const f of longFunctions) console.log(`  ${f}`);
console.log(`resolvers over ${RESOLVER_MAX_LINES} lines: ${longResolvers.length}`);
if (list) for (const r of longResolvers) console.log(`  ${r}`);
