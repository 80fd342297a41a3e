/** `npm run schema`: writes graphql/schema.graphql from the code (a test fails when they differ). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printRebazSchema } from './schema';

const target = fileURLToPath(new URL('./schema.graphql', import.meta.url));
writeFileSync(target, printRebazSchema());
console.log(`wrote ${target}`);
