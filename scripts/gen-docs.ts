import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docsFiles } from './docs';

for (const [rel, content] of docsFiles()) writeFileSync(join(__dirname, '..', rel), content);
console.log('docs/rules regenerated');
