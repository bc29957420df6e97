import { writeFileSync } from 'node:fs';
import { defaultConfig, isRuleSetting, type EffectiveConfig } from '../engine/config';
import { allRules } from '../engine/registry';
import { SEVERITIES, type Severity } from '../engine/types';
import { loadAdvisoriesFile } from '../node/advisories';
import { scanPaths } from '../node/scan';
import { jsonReport } from './report-json';
import { sarifReport } from './report-sarif';
import { textReport } from './report-text';

declare const VHARDEN_VERSION: string;
const VERSION = typeof VHARDEN_VERSION === 'string' ? VHARDEN_VERSION : '0.0.0-dev';

export const USAGE = `vharden ${VERSION} — find and fix security misconfiguration in virtualization configuration

Usage:
  vharden scan [PATH...] [options]   scan files and folders (default: .)
  vharden rules [--format text|json] list the rules
  vharden --version | --help

Scan options:
  -f, --format text|json|sarif   report format (default: text)
  -o, --output FILE              write the report to FILE instead of standard output
  --fail-on SEVERITY|never       exit 1 when an unsuppressed finding is at or above
                                 SEVERITY: critical, high, medium, low, info (default: low)
  --fix                          apply safe fixes in place, then report what is left
  --rule ID=SETTING              turn a rule off or set its severity (repeatable; ID may
                                 be a glob such as VMX-ISO-*; SETTING: off, on, or a severity)
  --max-file-size BYTES          skip recognised files larger than this (default: 5242880)
  --advisories FILE              use this advisories JSON file for the patch-level rules
                                 instead of the bundled one (exit 2 when it is not valid)
  --show-suppressed              list suppressed findings in the text report
  --no-color                     plain text output

Exit codes: 0 nothing at or above the threshold, 1 findings at or above it,
2 usage error or internal error.
`;

export class UsageError extends Error {}

interface ScanArgs {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  output?: string;
  failOn: Severity | 'never';
  fix: boolean;
  color: boolean;
  showSuppressed: boolean;
  config: EffectiveConfig;
}

export function parseScanArgs(argv: string[], isTty: boolean): ScanArgs {
  const args: ScanArgs = { paths: [], format: 'text', failOn: 'low', fix: false, color: isTty && !process.env.NO_COLOR, showSuppressed: false, config: defaultConfig() };
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
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`unknown format "${v}" (text, json, sarif)`);
        args.format = v;
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
        args.config.rules[v.slice(0, eq)] = setting;
        break;
      }
      case '--max-file-size': {
        const n = Number(value());
        if (!Number.isInteger(n) || n <= 0) throw new UsageError('--max-file-size takes a positive number of bytes');
        args.config.maxFileSize = n;
        break;
      }
      case '--advisories': {
        const loaded = loadAdvisoriesFile(value());
        if ('error' in loaded) throw new UsageError(loaded.error);
        args.config.advisories = loaded.data;
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
  if (args.paths.length === 0) args.paths.push('.');
  return args;
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export function run(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void; isTty: boolean }): number {
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
  if (command !== 'scan') throw new UsageError(`unknown command "${command}"`);
  const args = parseScanArgs(rest, io.isTty);
  const result = scanPaths(args.paths, { config: args.config, fix: args.fix });
  const report =
    args.format === 'sarif' ? sarifReport(result, VERSION) : args.format === 'json' ? jsonReport(result, VERSION) : textReport(result, { color: args.color && !args.output, showSuppressed: args.showSuppressed });
  if (args.output) writeFileSync(args.output, report);
  else io.stdout(report);
  for (const missing of result.problems.filter((p) => args.paths.includes(p.path))) io.stderr(`vharden: cannot read ${missing.path}: ${missing.reason}\n`);
  if (result.problems.some((p) => args.paths.includes(p.path))) return 2;
  if (args.failOn === 'never') return 0;
  const threshold = RANK[args.failOn];
  const failing = result.files.some((f) => f.findings.some((x) => !x.suppressed && RANK[x.severity] >= threshold));
  return failing ? 1 : 0;
}

export function main(): void {
  let code: number;
  try {
    code = run(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTty: !!process.stdout.isTTY });
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`vharden: ${err.message}\nRun "vharden --help" for usage.\n`);
    } else {
      process.stderr.write(`vharden: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    }
    code = 2;
  }
  process.exitCode = code;
}
