// The Node floor of a scan: walk the paths given (folders listed with their entries' types), read
// every regular file and decode it as UTF-8. `npm run bench` times the CLI against it on the same files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const decoder = new TextDecoder('utf-8');
let files = 0;
let chars = 0;
function visit(path, isFolder) {
  if (!isFolder) {
    chars += decoder.decode(readFileSync(path)).length;
    files++;
    return;
  }
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (e.isDirectory()) visit(join(path, e.name), true);
    else if (e.isFile()) visit(join(path, e.name), false);
  }
}
for (const p of process.argv.slice(2)) {
  let folder = true;
  try {
    readdirSync(p);
  } catch {
    folder = false;
  }
  visit(p, folder);
}
process.stdout.write(`${files} files, ${chars} characters\n`);
