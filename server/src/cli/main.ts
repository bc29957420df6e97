import { closeSync, mkdtempSync, openSync, renameSync, rmSync, statSync, writeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { basename, dirname, join } from 'node:path';
import type { FileResult } from '../engine/engine';
import { isRuleSetting } from '../engine/config';
import { isProfile, PROFILES } from '../engine/context';
import { globProblem } from '../engine/glob';
import type { ConfigFile } from '../engine/config-file';
import type { AdvisoryData } from '../rules/patch/advisories';
import { allRules } from '../catalog';
import { SEVERITIES, type Severity } from '../engine/types';
import { loadAdvisoriesFile } from '../node/advisories';
import { baselineBase, baselineOf, BaselineFileError } from '../node/baseline-file';
import { ConfigFileError } from '../node/config-search';
import { checkDocsUrl } from '../node/docs';
import { displayPath } from '../node/files';
import { COLLECTORS } from '../node/collect';
import { CollectError, CollectUsageError } from '../node/collect/snapshot';
import type { CollectResult, Collector } from '../node/collect/types';
import { HOST_LOCATIONS, VMFS_LOCATION } from '../node/host';
import { runScan, type ScanOutcome } from '../node/run-scan';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../report/render';
import { openReport, STREAMED_FORMATS, type StreamedFormat } from '../report/stream';
import { visible } from '../report/safe-text';
import { MERGE_USAGE, mergeCommand } from './merge';
import { terminalAsk } from './ask';
import { collectorFlags, LIVE_FLAGS, LiveUsageError, splitLiveScan, type LiveScan } from './live';
import { progressLine } from './progress';
import { ADVISORIES_USAGE, AdvisoriesUsageError, advisoriesCommand } from './advisories';
import { loadInstalledData } from '../node/data-store';

declare const VHARDEN_VERSION: string;
const VERSION = typeof VHARDEN_VERSION === 'string' ? VHARDEN_VERSION : '0.0.0-dev';

export const USAGE = `vharden ${VERSION} — find and fix security misconfiguration in virtualization configuration

Usage:
  vharden scan [PATH...] [options]   scan files and folders (default: .)
  vharden scan --host | --root DIR   scan a hypervisor host's standard configuration locations
  vharden scan --vsphere URL | --libvirt [URI] | --ovs [DB] | --ssh [user@]HOST [options]
                                     collect a live system into a temporary folder and scan it
  vharden baseline create [PATH...] [-o FILE] [--host | --root DIR]
                                     write the current findings to a baseline (default
                                     .vharden-baseline.json)
  vharden collect SOURCE [TARGET] --out DIR [options]
                                     read a live system into a snapshot folder (read-only);
                                     scan it with vharden scan --root DIR
${MERGE_USAGE}
${ADVISORIES_USAGE}
  vharden rules [--format text|json] list the rules
  vharden --version | --help

Scan options:
  -f, --format FORMAT            report format: text, json, sarif, jsonl (one finding a
                                 line), html, markdown, hdf (Heimdall: the findings of rules
                                 that map to DISA STIG ids, suppressions as waivers)
                                 (default: text)
  -o, --output FILE              write the report to FILE instead of standard output
  --fail-on SEVERITY|never       exit 1 when an unsuppressed, unbaselined finding is at or
                                 above SEVERITY: critical, high, medium, low, info (default: low)
  --fix                          apply safe fixes in place, then report what is left
  --rule ID=SETTING              turn a rule off or set its severity (repeatable; ID may
                                 be a glob such as VMX-ISO-*; SETTING: off, on, or a severity)
  --profile PROFILE              the kind of system the files describe: auto (inferred per
                                 file from evidence; default), server, desktop or lab
  --max-file-size BYTES          skip recognised files larger than this (default: 5242880)
  --baseline FILE                report only findings not in FILE; baselined ones at info
  --advisories FILE              use this advisories JSON file for the patch-level rules
                                 instead of the bundled one (exit 2 when it is not valid)
  --no-config                    do not read .vharden.yaml files
  --show-suppressed              list suppressed findings in the text report
  --no-color                     plain text output
  --docs-url URL                 https base URL where docs/rules is published: SARIF rules
                                 then link to URL/RULE-ID.md (without it, no helpUri)

Host scans (read-only; --fix is refused):
  --host                         scan the standard locations under /
  --root DIR                     treat DIR as the root of a host's file tree
  --include-vmfs                 also walk ${VMFS_LOCATION} (ESXi datastores; can be huge)
  Standard locations: ${HOST_LOCATIONS.map((l) => `/${l}`).join(', ')}

Collect (each writes files the scan reads, into a new or empty --out folder; no secrets):
${COLLECTORS.map((c) => `  vharden collect ${c.usage} --out DIR`).join('\n')}
  Exit codes: 0 collected (what could not be read is listed as "not collected"),
  1 the source could not be read, 2 usage error or internal error.
  Credentials (vsphere): VHARDEN_VSPHERE_USER and VHARDEN_VSPHERE_PASSWORD, else asked
  for at the terminal, else read as lines from standard input; never an option.

Live scans (${Object.keys(LIVE_FLAGS).join(', ')}): the source's collect options and the scan
options above; the snapshot is deleted after the scan unless --keep-snapshot DIR (new or
empty) keeps it. Exit 2 when the source cannot be read.

Configuration: the nearest .vharden.yaml from each file's folder upward (up to the git
root holding the scanned path, else the scanned folder, or the host root) applies; flags
win over it. Files that cannot be checked are VH-FILE-SKIPPED findings (medium).

Exit codes: 0 nothing at or above the threshold, 1 findings at or above it,
2 usage error, invalid configuration or baseline, unreadable input path, or internal error.
`;

export class UsageError extends Error {}

interface ScanArgs {
  paths: string[];
  format: ReportFormat;
  output?: string;
  failOn: Severity | 'never';
  fix: boolean;
  color: boolean;
  showSuppressed: boolean;
  overrides: ConfigFile & { rules: NonNullable<ConfigFile['rules']> };
  host?: { root: string; includeVmfs: boolean };
  baseline?: string;
  configFiles: boolean;
  /** from --advisories FILE */
  advisories?: AdvisoryData;
  /** from --docs-url URL (checked: https) */
  docsUrl?: string;
}

export function parseScanArgs(argv: string[], isTty: boolean): ScanArgs {
  const args: ScanArgs = { paths: [], format: 'text', failOn: 'low', fix: false, color: isTty && !process.env.NO_COLOR, showSuppressed: false, overrides: { rules: {} }, configFiles: true };
  let includeVmfs = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-f':
      case '--format': {
        const v = value();
        if (!(REPORT_FORMATS as readonly string[]).includes(v)) throw new UsageError(`unknown format "${v}" (${REPORT_FORMATS.join(', ')})`);
        args.format = v as ReportFormat;
        break;
      }
      case '-o':
      case '--output':
        args.output = value();
        break;
      case '--fail-on': {
        const v = value();
        if (v !== 'never' && !(SEVERITIES as readonly string[]).includes(v)) throw new UsageError(`--fail-on takes one of ${SEVERITIES.join(', ')}, never`);
        args.failOn = v as Severity | 'never';
        break;
      }
      case '--fix':
        args.fix = true;
        break;
      case '--rule': {
        const v = value();
        const eq = v.lastIndexOf('=');
        const setting = v.slice(eq + 1);
        if (eq <= 0 || !isRuleSetting(setting)) throw new UsageError(`--rule takes ID=SETTING with SETTING off, on or a severity; got "${v}"`);
        const tooLong = globProblem(v.slice(0, eq));
        if (tooLong) throw new UsageError(`--rule: ${tooLong}`);
        args.overrides.rules[v.slice(0, eq)] = setting;
        break;
      }
      case '--profile': {
        const v = value();
        if (!isProfile(v)) throw new UsageError(`--profile takes one of ${PROFILES.join(', ')}`);
        args.overrides.profile = v;
        break;
      }
      case '--max-file-size': {
        const n = Number(value());
        if (!Number.isInteger(n) || n <= 0) throw new UsageError('--max-file-size takes a positive number of bytes');
        args.overrides.maxFileSize = n;
        break;
      }
      case '--host':
        args.host = { root: '/', includeVmfs: false };
        break;
      case '--root':
        args.host = { root: value(), includeVmfs: false };
        break;
      case '--include-vmfs':
        includeVmfs = true;
        break;
      case '--baseline':
        args.baseline = value();
        break;
      case '--no-config':
        args.configFiles = false;
        break;
      case '--advisories': {
        const loaded = loadAdvisoriesFile(value());
        if ('error' in loaded) throw new UsageError(loaded.error);
        args.advisories = loaded.data;
        break;
      }
      case '--show-suppressed':
        args.showSuppressed = true;
        break;
      case '--no-color':
        args.color = false;
        break;
      case '--docs-url': {
        const checked = checkDocsUrl(value());
        if ('error' in checked) throw new UsageError(checked.error);
        args.docsUrl = checked.base;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        args.paths.push(a);
    }
  }
  if (args.host) {
    if (!isFolder(args.host.root)) throw new UsageError(`--root ${args.host.root}: not a folder`);
    if (args.paths.length) throw new UsageError('--host and --root scan standard locations; do not also give paths');
    if (args.fix) throw new UsageError('host scans are read-only: --fix cannot be combined with --host or --root');
    args.host.includeVmfs = includeVmfs;
  } else if (includeVmfs) throw new UsageError('--include-vmfs needs --host or --root');
  if (args.paths.length === 0) args.paths.push('.');
  return args;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export function run(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (command === 'rules') {
    const json = rest.includes('json') || rest.includes('--format=json');
    const metas = allRules().map((r) => r.meta);
    if (json) io.stdout(JSON.stringify(metas, null, 2) + '\n');
    else for (const m of metas) io.stdout(`${m.id.padEnd(28)} ${m.severity.padEnd(8)} ${m.family.padEnd(20)} ${m.fixSafety.padEnd(7)} ${m.title}\n`);
    return 0;
  }
  if (command === 'baseline') return baselineCommand(rest, io);
  if (command === 'merge') return mergeCommand(rest, io, (m) => new UsageError(m));
  if (command === 'advisories') {
    try {
      return advisoriesCommand(rest, io);
    } catch (err) {
      throw err instanceof AdvisoriesUsageError ? new UsageError(err.message) : err;
    }
  }
  if (command !== 'scan') throw new UsageError(`unknown command "${command}"`);
  return scanAndReport(parseScanArgs(rest, io.isTty), io);
}

function scanAndReport(args: ScanArgs, io: Io): number {
  const threshold = args.failOn === 'never' ? Infinity : RANK[args.failOn];
  let failing = false;
  let outcome: ScanOutcome;
  if (isStreamed(args.format)) {
    // written as each group of files is judged; its findings are let go once written
    const out = args.output ? openOutput(args.output) : { write: io.stdout, done: () => {}, abort: () => {} };
    try {
      const report = openReport(args.format, { version: VERSION, baseline: !!args.baseline, docsUrl: args.docsUrl }, out.write);
      outcome = scan(args, io, (files) => {
        failing ||= isFailing(files, threshold);
        report.files(files);
      });
      report.end(outcome);
    } catch (err) {
      out.abort();
      throw err;
    }
    out.done();
  } else {
    outcome = scan(args, io);
    failing = isFailing(outcome.result.files, threshold);
    const report = renderReport(args.format, outcome, { version: VERSION, baseline: !!args.baseline, color: args.color && !args.output, showSuppressed: args.showSuppressed, docsUrl: args.docsUrl, rules: args.overrides.rules });
    if (args.output) writeFileSync(args.output, report);
    else io.stdout(report);
  }
  const { result } = outcome;
  for (const note of outcome.configuration.baseline?.notes ?? []) io.stderr(`vharden: ${args.baseline}: ${note}\n`);
  for (const missing of result.problems.filter((p) => args.paths.includes(p.path))) io.stderr(`vharden: cannot read ${visible(missing.path)}: ${visible(missing.reason)}\n`);
  for (const p of result.notWritten) io.stderr(`vharden: could not write fixes to ${visible(displayPath(p.path))}: ${visible(p.reason)}\n`);
  if (!args.host && result.problems.some((p) => args.paths.includes(p.path))) return 2;
  if (args.host && outcome.host?.present.length === 0) io.stderr(`vharden: none of the standard locations exists under ${outcome.host.root}\n`);
  return failing ? 1 : 0;
}

/**
 * A report file written piece by piece: into a temporary file beside it, renamed over it at the end
 * (a scan that fails leaves what was there); a path that is not a regular file (/dev/null, a pipe)
 * is written directly.
 */
function openOutput(path: string): { write: (s: string) => void; done: () => void; abort: () => void } {
  let direct = false;
  try {
    direct = !statSync(path).isFile();
  } catch {
    /* not there yet */
  }
  const temp = direct ? path : join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(temp, direct ? 'w' : 'wx');
  const write = (s: string) => {
    const bytes = Buffer.from(s);
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
  };
  return {
    write,
    done: () => {
      closeSync(fd);
      if (!direct) renameSync(temp, path);
    },
    abort: () => {
      closeSync(fd);
      if (!direct) rmSync(temp, { force: true });
    },
  };
}

function isFailing(files: FileResult[], threshold: number): boolean {
  return files.some((f) => f.findings.some((x) => !x.suppressed && !x.baselined && RANK[x.severity] >= threshold));
}

function isStreamed(format: ReportFormat): format is StreamedFormat {
  return (STREAMED_FORMATS as readonly string[]).includes(format);
}

type Io = { stdout: (s: string) => void; stderr: (s: string) => void; isTty: boolean; stderrIsTty?: boolean };

function scan(args: ScanArgs, io: Io, onGroup?: (files: FileResult[]) => void): ScanOutcome {
  const progress = io.stderrIsTty ? progressLine(io.stderr) : undefined;
  const installed = loadInstalledData();
  for (const f of installed.files) if (f.problem) io.stderr(`vharden: ${visible(f.problem)}; the bundled ${f.file} is used (replace it with vharden advisories update)\n`);
  try {
    return runScan({
      paths: args.paths,
      host: args.host,
      overrides: args.overrides,
      configFiles: args.configFiles,
      strictConfig: true,
      baseline: args.baseline ? { file: args.baseline, nearest: false } : undefined,
      advisories: args.advisories,
      data: installed.data,
      fix: args.fix,
      onFile: progress?.update,
      onGroup,
    });
  } finally {
    progress?.done();
  }
}

function baselineCommand(argv: string[], io: Io): number {
  const [sub, ...rest] = argv;
  if (sub !== 'create') throw new UsageError(`unknown baseline command "${sub ?? ''}" (baseline create)`);
  let output = '.vharden-baseline.json';
  const scanArgv: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '-o' || a === '--output') {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      output = v;
    } else if (a.startsWith('--output=')) output = a.slice('--output='.length);
    else if (a === '--format' || a === '-f' || a === '--baseline' || a === '--fix' || a.startsWith('--format=') || a.startsWith('--baseline=')) throw new UsageError(`${a} does not apply to baseline create`);
    else scanArgv.push(a);
  }
  const args = parseScanArgs(scanArgv, false);
  const outcome = scan(args, io);
  const hostRoot = outcome.host?.root;
  const baseline = baselineOf(outcome.result, baselineBase(output, hostRoot), !!hostRoot);
  writeFileSync(output, JSON.stringify(baseline, null, 2) + '\n');
  const n = baseline.entries.reduce((a, e) => a + e.count, 0);
  io.stderr(`vharden: wrote ${n} finding${n === 1 ? '' : 's'} (${baseline.entries.length} entries) to ${output}\n`);
  return 0;
}

/**
 * `vharden collect SOURCE [TARGET] --out DIR [--flag value…]`: the collector named SOURCE writes a
 * snapshot into DIR. A flag is boolean when the collector's usage line shows it without a value
 * (`[--readonly]`); others take the next argument (or `--flag=value`).
 */
export async function collectCommand(argv: string[], io: Io, signal?: AbortSignal): Promise<number> {
  const [source, ...rest] = argv;
  const collector = COLLECTORS.find((c) => c.id === source);
  if (!collector) throw new UsageError(`collect needs a source: ${COLLECTORS.map((c) => c.id).join(', ')}${source ? ` (not "${source}")` : ''}`);
  const own = collectorFlags(collector);
  const flags: Record<string, string | boolean> = {};
  let out: string | undefined;
  let target: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (!a.startsWith('--')) {
      if ((a.startsWith('-') && a !== '-') || target !== undefined) throw new UsageError(`collect ${source}: unexpected argument "${a}"`);
      target = a;
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    let value: string | boolean = eq < 0 ? true : a.slice(eq + 1);
    if (eq < 0 && (name === 'out' || own.get(name))) {
      const next = rest[++i];
      if (next === undefined) throw new UsageError(`--${name} needs a value`);
      value = next;
    }
    if (name in flags || (name === 'out' && out !== undefined)) throw new UsageError(`--${name} is given twice`);
    if (name === 'out') {
      if (typeof value !== 'string' || value === '') throw new UsageError('--out needs a folder');
      out = value;
    } else flags[name] = value;
  }
  if (collector.script && flags['print-script'] === true) {
    if (out !== undefined || target !== undefined) throw new UsageError(`collect ${source} --print-script takes no FILE or --out`);
    try {
      io.stdout(collector.script(flags));
    } catch (err) {
      if (err instanceof CollectUsageError) throw new UsageError(err.message);
      throw err;
    }
    return 0;
  }
  if (!out) throw new UsageError(`collect ${source}: --out DIR is required (usage: vharden collect ${collector.usage} --out DIR)`);
  const result = await runCollector(collector, target, out, flags, io, signal);
  if (!result) return 1;
  io.stdout(`Collected ${result.files.length} file${result.files.length === 1 ? '' : 's'} into ${visible(out)}:\n`);
  for (const f of result.files) io.stdout(`  ${visible(f)}\n`);
  if (result.notes.length) io.stdout('Not collected:\n');
  for (const n of result.notes) io.stdout(`  - ${visible(n)}\n`);
  io.stdout(`Scan it with: vharden scan ${collector.snapshot === 'files' ? '' : '--root '}${visible(out)}\n`);
  return 0;
}

/** Runs a collector for the terminal; undefined (after saying why) when the source could not be read. */
async function runCollector(collector: Collector, target: string | undefined, out: string, flags: Record<string, string | boolean>, io: Io, signal?: AbortSignal): Promise<CollectResult | undefined> {
  try {
    return await collector.collect(target, { out, flags, env: process.env, progress: (m) => io.stderr(`vharden: ${visible(m)}\n`), ask: terminalAsk(), signal });
  } catch (err) {
    if (err instanceof CollectUsageError) throw new UsageError(err.message);
    if (err instanceof CollectError) {
      io.stderr(`vharden: ${visible(err.message)}\n`);
      return undefined;
    }
    throw err;
  }
}

/**
 * `vharden scan --vsphere URL …` (and --libvirt, --ovs, --ssh): collect the live source into a
 * temporary folder (or --keep-snapshot DIR), scan that snapshot as `vharden scan` would, then delete
 * the temporary folder. Returns undefined when the arguments name no live source.
 */
export async function liveScanCommand(argv: string[], io: Io, signal?: AbortSignal): Promise<number | undefined> {
  let live: LiveScan | undefined;
  try {
    live = splitLiveScan(argv);
  } catch (err) {
    if (err instanceof LiveUsageError) throw new UsageError(err.message);
    throw err;
  }
  if (!live) return undefined;
  const { collector } = live;
  const checked = parseScanArgs(live.scanArgv, io.isTty);
  if (checked.host) throw new UsageError(`--${collector.id} scans what it collects; do not also give --host or --root`);
  if (checked.paths.length !== 1 || checked.paths[0] !== '.' || live.scanArgv.includes('.')) throw new UsageError(`--${collector.id} scans what it collects; do not also give paths`);
  if (checked.fix) throw new UsageError('live scans are read-only: --fix cannot be combined with a live source');
  const temp = live.keep === undefined ? mkdtempSync(join(tmpdir(), 'vharden-live-')) : undefined;
  const out = live.keep ?? join(temp!, collector.id);
  try {
    const result = await runCollector(collector, live.target, out, live.flags, io, signal);
    if (!result) return 2;
    for (const n of result.notes) io.stderr(`vharden: not collected: ${visible(n)}\n`);
    if (live.keep !== undefined) io.stderr(`vharden: the snapshot is kept in ${visible(out)}\n`);
    const args = parseScanArgs(collector.snapshot === 'files' ? [...live.scanArgv, out] : [...live.scanArgv, '--root', out], io.isTty);
    return scanAndReport(args, io);
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

function runAsync(command: (argv: string[], io: Io, signal: AbortSignal) => Promise<number | undefined>): void {
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  const io: Io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTty: !!process.stdout.isTTY, stderrIsTty: !!process.stderr.isTTY };
  command(process.argv.slice(3), io, abort.signal).then(
    (code) => (process.exitCode = code ?? 2),
    (err: unknown) => {
      reportError(err);
      process.exitCode = 2;
    },
  );
}

function reportError(err: unknown): void {
  if (err instanceof ConfigFileError) {
    process.stderr.write(`vharden: invalid configuration:\n${err.message}\n`);
  } else if (err instanceof BaselineFileError) {
    process.stderr.write(`vharden: ${err.message}\n`);
  } else if (err instanceof UsageError) {
    process.stderr.write(`vharden: ${err.message}\nRun "vharden --help" for usage.\n`);
  } else {
    process.stderr.write(`vharden: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
  }
}

/**
 * A reader that stops early (`vharden rules | head -1`) closes the pipe: end at once, quietly, with
 * the status of a process killed by SIGPIPE (128 + 13), as other command-line tools do.
 */
function endOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(141);
      throw err;
    });
  }
}

/**
 * A scan keeps little from one group of files to the next (see `scanPaths`), but V8 lets the heap
 * grow to about four times what was live at its last full collection before it collects again, so
 * the peak grew with the estate though the live set hardly did. Letting it grow by at most as much
 * again keeps the peak near the live set, for more (short) collections: see BENCHMARKS.md, Estate.
 */
function boundHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=100');
}

export function main(): void {
  endOnClosedPipe();
  if (process.argv[2] === 'scan' || process.argv[2] === 'baseline') boundHeapGrowth();
  if (process.argv[2] === 'collect') return runAsync(collectCommand);
  if (process.argv[2] === 'scan' && process.argv.slice(3).some((a) => a.split('=')[0]! in LIVE_FLAGS)) return runAsync(liveScanCommand);
  let code: number;
  try {
    code = run(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTty: !!process.stdout.isTTY, stderrIsTty: !!process.stderr.isTTY });
  } catch (err) {
    reportError(err);
    code = 2;
  }
  process.exitCode = code;
}
