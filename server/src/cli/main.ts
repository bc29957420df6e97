import { statSync, writeFileSync } from 'node:fs';
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
import { displayPath } from '../node/files';
import { COLLECTORS } from '../node/collect';
import { CollectError, CollectUsageError } from '../node/collect/snapshot';
import { HOST_LOCATIONS, VMFS_LOCATION } from '../node/host';
import { runScan, type ScanOutcome } from '../node/run-scan';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../report/render';
import { visible } from '../report/safe-text';
import { progressLine } from './progress';
import { ADVISORIES_USAGE, AdvisoriesUsageError, advisoriesCommand } from './advisories';
import { loadInstalledData } from '../node/data-store';

declare const VHARDEN_VERSION: string;
const VERSION = typeof VHARDEN_VERSION === 'string' ? VHARDEN_VERSION : '0.0.0-dev';

export const USAGE = `vharden ${VERSION} — find and fix security misconfiguration in virtualization configuration

Usage:
  vharden scan [PATH...] [options]   scan files and folders (default: .)
  vharden scan --host | --root DIR   scan a hypervisor host's standard configuration locations
  vharden baseline create [PATH...] [-o FILE] [--host | --root DIR]
                                     write the current findings to a baseline (default
                                     .vharden-baseline.json)
  vharden collect SOURCE [TARGET] --out DIR [options]
                                     read a live system into a snapshot folder (read-only);
                                     scan it with vharden scan --root DIR
${ADVISORIES_USAGE}
  vharden rules [--format text|json] list the rules
  vharden --version | --help

Scan options:
  -f, --format FORMAT            report format: text, json, sarif, html, markdown (default: text)
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

Host scans (read-only; --fix is refused):
  --host                         scan the standard locations under /
  --root DIR                     treat DIR as the root of a host's file tree
  --include-vmfs                 also walk ${VMFS_LOCATION} (ESXi datastores; can be huge)
  Standard locations: ${HOST_LOCATIONS.map((l) => `/${l}`).join(', ')}

Collect (each writes files the scan reads, into a new or empty --out folder; no secrets):
${COLLECTORS.map((c) => `  vharden collect ${c.usage} --out DIR`).join('\n')}
  Exit codes: 0 collected (what could not be read is listed as "not collected"),
  1 the source could not be read, 2 usage error or internal error.

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
  if (command === 'advisories') {
    try {
      return advisoriesCommand(rest, io);
    } catch (err) {
      throw err instanceof AdvisoriesUsageError ? new UsageError(err.message) : err;
    }
  }
  if (command !== 'scan') throw new UsageError(`unknown command "${command}"`);
  const args = parseScanArgs(rest, io.isTty);
  const outcome = scan(args, io);
  const report = renderReport(args.format, outcome, { version: VERSION, baseline: !!args.baseline, color: args.color && !args.output, showSuppressed: args.showSuppressed });
  if (args.output) writeFileSync(args.output, report);
  else io.stdout(report);
  const { result } = outcome;
  for (const note of outcome.configuration.baseline?.notes ?? []) io.stderr(`vharden: ${args.baseline}: ${note}\n`);
  for (const missing of result.problems.filter((p) => args.paths.includes(p.path))) io.stderr(`vharden: cannot read ${visible(missing.path)}: ${visible(missing.reason)}\n`);
  for (const p of result.notWritten) io.stderr(`vharden: could not write fixes to ${visible(displayPath(p.path))}: ${visible(p.reason)}\n`);
  if (!args.host && result.problems.some((p) => args.paths.includes(p.path))) return 2;
  if (args.host && outcome.host?.present.length === 0) io.stderr(`vharden: none of the standard locations exists under ${outcome.host.root}\n`);
  if (args.failOn === 'never') return 0;
  const threshold = RANK[args.failOn];
  const failing = result.files.some((f) => f.findings.some((x) => !x.suppressed && !x.baselined && RANK[x.severity] >= threshold));
  return failing ? 1 : 0;
}

type Io = { stdout: (s: string) => void; stderr: (s: string) => void; isTty: boolean; stderrIsTty?: boolean };

function scan(args: ScanArgs, io: Io): ScanOutcome {
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
  const takesValue = new Set([...collector.usage.matchAll(/--([a-z][a-z0-9-]*)(?:=| (?![[\]|-]))/g)].map((m) => m[1]!));
  const flags: Record<string, string | boolean> = {};
  let out: string | undefined;
  let target: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (!a.startsWith('--')) {
      if (a.startsWith('-') || target !== undefined) throw new UsageError(`collect ${source}: unexpected argument "${a}"`);
      target = a;
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    let value: string | boolean = eq < 0 ? true : a.slice(eq + 1);
    if (eq < 0 && (name === 'out' || takesValue.has(name))) {
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
  if (!out) throw new UsageError(`collect ${source}: --out DIR is required (usage: vharden collect ${collector.usage} --out DIR)`);
  try {
    const result = await collector.collect(target, { out, flags, env: process.env, progress: (m) => io.stderr(`vharden: ${visible(m)}\n`), signal });
    io.stdout(`Collected ${result.files.length} file${result.files.length === 1 ? '' : 's'} into ${visible(out)}:\n`);
    for (const f of result.files) io.stdout(`  ${visible(f)}\n`);
    if (result.notes.length) io.stdout('Not collected:\n');
    for (const n of result.notes) io.stdout(`  - ${visible(n)}\n`);
    io.stdout(`Scan it with: vharden scan --root ${visible(out)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof CollectUsageError) throw new UsageError(err.message);
    if (err instanceof CollectError) {
      io.stderr(`vharden: ${visible(err.message)}\n`);
      return 1;
    }
    throw err;
  }
}

export function main(): void {
  if (process.argv[2] === 'collect') {
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    const io: Io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTty: !!process.stdout.isTTY };
    collectCommand(process.argv.slice(3), io, abort.signal).then(
      (code) => (process.exitCode = code),
      (err: unknown) => {
        process.stderr.write(err instanceof UsageError ? `vharden: ${err.message}\nRun "vharden --help" for usage.\n` : `vharden: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
        process.exitCode = 2;
      },
    );
    return;
  }
  let code: number;
  try {
    code = run(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTty: !!process.stdout.isTTY, stderrIsTty: !!process.stderr.isTTY });
  } catch (err) {
    if (err instanceof ConfigFileError) {
      process.stderr.write(`vharden: invalid configuration:\n${err.message}\n`);
    } else if (err instanceof BaselineFileError) {
      process.stderr.write(`vharden: ${err.message}\n`);
    } else if (err instanceof UsageError) {
      process.stderr.write(`vharden: ${err.message}\nRun "vharden --help" for usage.\n`);
    } else {
      process.stderr.write(`vharden: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    }
    code = 2;
  }
  process.exitCode = code;
}
