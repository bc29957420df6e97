import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fleetHtml } from '../report/fleet-html';
import { fleetLogs, fleetModel, LIMITS, MergeError, mergeRuns, type SarifInput } from '../report/fleet';
import { visible } from '../report/safe-text';

export const MERGE_USAGE = `  vharden merge FILE.sarif... -o OUT [--format sarif|html] [--runs-per-file N]
                                     merge hosts' SARIF logs: one run per host (automationDetails.id
                                     from each run, else the file name), or an HTML fleet matrix`;

declare const VHARDEN_VERSION: string;
const VERSION = typeof VHARDEN_VERSION === 'string' ? VHARDEN_VERSION : '0.0.0-dev';

type Io = { stdout: (s: string) => void; stderr: (s: string) => void };

/** `vharden merge`: exit 0 written, 2 usage error or an input that is not a SARIF log. */
export function mergeCommand(argv: string[], io: Io, usageError: (message: string) => Error): number {
  const files: string[] = [];
  let output: string | undefined;
  let format: 'sarif' | 'html' = 'sarif';
  let runsPerFile = LIMITS.runsPerFile;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw usageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-o' || flag === '--output') output = value();
    else if (flag === '-f' || flag === '--format') {
      const v = value();
      if (v !== 'sarif' && v !== 'html') throw usageError(`merge --format takes sarif or html (not "${v}")`);
      format = v;
    } else if (flag === '--runs-per-file') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > LIMITS.runsPerFile) throw usageError(`--runs-per-file takes 1 to ${LIMITS.runsPerFile} (code scanning's limit)`);
      runsPerFile = n;
    } else if (a.startsWith('-')) throw usageError(`merge: unknown option ${a}`);
    else files.push(a);
  }
  if (!files.length) throw usageError('merge needs SARIF files to merge');
  if (!output) throw usageError('merge needs -o OUT');
  const inputs: SarifInput[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw usageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    try {
      inputs.push({ file, log: JSON.parse(text) });
    } catch {
      throw usageError(`${file}: not JSON`);
    }
  }
  let hosts;
  try {
    hosts = mergeRuns(inputs);
  } catch (err) {
    if (err instanceof MergeError) throw usageError(err.message);
    throw err;
  }
  for (const h of hosts) if (h.dropped) io.stderr(`vharden: ${visible(h.host)}: ${h.dropped} results left out (at most ${LIMITS.resultsPerRun} per run)\n`);
  if (format === 'html') {
    writeFileSync(output, fleetHtml(fleetModel(hosts), { version: VERSION }));
    io.stderr(`vharden: wrote ${hosts.length} host${hosts.length === 1 ? '' : 's'} to ${visible(output)}\n`);
    return 0;
  }
  const logs = fleetLogs(hosts, runsPerFile);
  const names = logs.length === 1 ? [output] : logs.map((_, i) => output!.replace(/(\.sarif)?$/i, `-${i + 1}$1`));
  logs.forEach((log, i) => {
    const text = JSON.stringify(log) + '\n';
    writeFileSync(names[i]!, text);
    const gz = gzipSync(text).length;
    if (gz > LIMITS.gzipBytes) io.stderr(`vharden: ${visible(names[i]!)} is ${(gz / 1048576).toFixed(1)} MB gzipped, over code scanning's ${LIMITS.gzipBytes / 1048576} MB: merge with a smaller --runs-per-file\n`);
  });
  io.stderr(`vharden: wrote ${hosts.length} host${hosts.length === 1 ? '' : 's'} to ${names.map(visible).join(', ')}\n`);
  return 0;
}
