import { daysBetween, STALE_DAYS, todayUtc } from '../engine/data-files';
import { dataDir, DATA_FILE_NAMES, dataInUse, installBundle } from '../node/data-store';
import { visible } from '../report/safe-text';

type Io = { stdout: (s: string) => void; stderr: (s: string) => void };

export class AdvisoriesUsageError extends Error {}

export const ADVISORIES_USAGE = `  vharden advisories update --from DIR|FILE [--data-dir DIR]
                                     install a newer data bundle (${DATA_FILE_NAMES.join(', ')}),
                                     checked against its SHA256SUMS (when present) and the schemas
  vharden advisories status [--data-dir DIR]
                                     the data the patch-level rules use, its date and age`;

function parse(argv: string[]): { from?: string; dir?: string } {
  const out: { from?: string; dir?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (flag !== '--from' && flag !== '--data-dir') throw new AdvisoriesUsageError(`advisories: unknown argument "${a}"`);
    const v = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : argv[++i];
    if (!v) throw new AdvisoriesUsageError(`${flag} needs a value`);
    if (flag === '--from') out.from = v;
    else out.dir = v;
  }
  return out;
}

/**
 * `vharden advisories update|status`. Exit codes: 0 installed (or listed), 2 usage error or a
 * refused bundle (the reason on standard error; the data in use is unchanged).
 */
export function advisoriesCommand(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env, today = todayUtc()): number {
  const [sub, ...rest] = argv;
  const args = parse(rest);
  const dir = args.dir ?? dataDir(env);
  if (sub === 'update') {
    if (!args.from) throw new AdvisoriesUsageError('advisories update needs --from DIR|FILE (a data bundle folder, or one data file)');
    const r = installBundle(args.from, dir);
    if ('error' in r) {
      io.stderr(`vharden: advisories update refused: ${visible(r.error)}\n`);
      return 2;
    }
    for (const f of r.installed) io.stdout(`Installed ${f.file} of ${f.updated} (was ${f.previous}) into ${visible(r.dir)}\n`);
    for (const s of r.skipped) io.stdout(`Left out ${visible(s)}\n`);
    io.stdout(r.checksums ? `Checked against ${visible(r.checksums)}.\n` : 'No checksum file came with the bundle (SHA256SUMS): checked against the schemas only.\n');
    return 0;
  }
  if (sub === 'status') {
    if (args.from) throw new AdvisoriesUsageError('--from applies to advisories update');
    for (const d of dataInUse(dir)) {
      const age = daysBetween(d.updated, today);
      io.stdout(`${d.name}: ${d.updated} (${age} day${age === 1 ? '' : 's'} old${age > STALE_DAYS ? `, over ${STALE_DAYS}: VH-DATA-STALE` : ''}), ${visible(d.source)}\n`);
      if (d.problem) io.stdout(`  not used: ${visible(d.problem)}\n`);
    }
    return 0;
  }
  throw new AdvisoriesUsageError(`unknown advisories command "${sub ?? ''}" (advisories update --from DIR|FILE, advisories status)`);
}
