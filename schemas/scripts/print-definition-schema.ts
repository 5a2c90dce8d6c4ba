// Prints the workflow definition's JSON Schema to schemas/definition.schema.json,
// for tools and languages that do not read TypeScript.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { definitionJsonSchema } from '../src';

const target = fileURLToPath(new URL('../definition.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(definitionJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
