// The Ansible collection's controller-side steps for each host, in one process (bundled by run.mjs):
// `vharden collect archive FILE --out SNAP`, then in SNAP `vharden scan --root . --format sarif
// --output REPORT`, through the CLI's own functions. Argument: a JSON file listing
// [{ archive, snapshot, report }]. Prints one JSON line per host: wall ms and RSS after it.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { collectCommand, run } from '../../server/src/cli/main';

const quiet = { stdout: () => undefined, stderr: (s: string) => void process.stderr.write(s), isTty: false, stderrIsTty: false };

async function main(): Promise<void> {
  const hosts = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { archive: string; snapshot: string; report: string }[];
  const home = process.cwd();
  for (const h of hosts) {
    const t0 = performance.now();
    if ((await collectCommand(['archive', h.archive, '--out', h.snapshot], quiet)) !== 0) throw new Error(`collect archive failed for ${h.archive}`);
    const t1 = performance.now();
    process.chdir(h.snapshot);
    const code = run(['scan', '--root', '.', '--format', 'sarif', '--output', h.report, '--fail-on', 'never'], quiet);
    process.chdir(home);
    if (code !== 0) throw new Error(`scan failed for ${h.snapshot} (exit ${code})`);
    const t2 = performance.now();
    process.stdout.write(JSON.stringify({ collectMs: t1 - t0, scanMs: t2 - t1, rssMb: process.memoryUsage().rss / 1048576 }) + '\n');
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
