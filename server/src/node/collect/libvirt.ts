import { join } from 'node:path';
import { child, scanXml } from '../../formats/libvirt-xml/scanner';
import { codeOf, readRegularFile } from '../files';
import { readHostOutput } from './decode';
import { redactLibvirtConf, redactLibvirtXml } from './redact';
import { runProgram } from './run';
import { shellQuote } from './ssh';
import { checkFlags, CollectError, CollectUsageError, safeName, SnapshotWriter, stringFlag } from './snapshot';
import type { CollectOptions, CollectResult, Collector } from './types';

/**
 * `vharden collect libvirt [URI]`: the domains and networks a libvirt connection knows, through the
 * real `virsh`, written as a host tree the libvirt formats read. Only the read-only virsh commands
 * below are run (a test checks the list); nothing is defined, started or changed.
 */
export const VIRSH_COMMANDS = ['uri', 'version', 'list', 'dumpxml', 'net-list', 'net-dumpxml'] as const;
type VirshCommand = (typeof VIRSH_COMMANDS)[number];

/** the daemon and driver configs the libvirt formats read, under /etc/libvirt */
const CONFIGS = [
  'libvirtd.conf', 'virtproxyd.conf', 'virtqemud.conf', 'virtnetworkd.conf', 'virtnodedevd.conf', 'virtnwfilterd.conf', 'virtsecretd.conf',
  'virtstoraged.conf', 'virtinterfaced.conf', 'virtlxcd.conf', 'virtxend.conf', 'virtchd.conf', 'virtlogd.conf', 'virtlockd.conf', 'qemu.conf',
];

/** The folder under etc/libvirt (and run/libvirt) where a driver keeps its domains. */
function driverFolder(scheme: string): string {
  const driver = scheme.split('+')[0]!.toLowerCase();
  if (driver === 'lxc' || driver === 'bhyve' || driver === 'ch') return driver;
  if (driver === 'xen' || driver === 'libxl') return 'libxl';
  return 'qemu';
}

export interface LibvirtUri {
  scheme: string;
  /** host part; '' for a local connection */
  host: string;
  path: string;
}

export function parseUri(uri: string): LibvirtUri | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(uri);
  return m ? { scheme: m[1]!, host: m[2]!, path: m[3]! } : undefined;
}

/** `virsh version --daemon` as data a patch-level rule can read later (none reads it yet). */
export function parseVersion(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(Compiled against library|Using library|Using API|Running hypervisor|Running against daemon):\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const words = m[2]!.split(/\s+/);
    const named = words.length >= 2 ? { name: words.slice(0, -1).join(' '), version: words[words.length - 1] } : { version: words[0] };
    if (m[1] === 'Compiled against library') out.compiledAgainst = named;
    else if (m[1] === 'Using library') out.library = named;
    else if (m[1] === 'Using API') out.api = named;
    else if (m[1] === 'Running hypervisor') out.hypervisor = named;
    else out.daemon = named;
  }
  return out;
}

function names(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

function nameOf(xml: string): string | undefined {
  const n = child(scanXml(xml).root, 'name')?.text.trim();
  return n ? n : undefined;
}

/** One virsh command's outcome: its standard output, or its error message on one line. */
export type VirshOutcome = { ok: true; out: string } | { ok: false; err: string };
/** Runs one of the read-only virsh commands (after `virsh [--connect URI] [--readonly] --quiet`). */
export type Virsh = (command: VirshCommand, ...args: string[]) => Promise<VirshOutcome>;

function oneLine(stderr: string): string {
  return stderr.replace(/^error: /gm, '').replace(/\s+/g, ' ').trim();
}

export interface LibvirtRead {
  uri: string;
  parsed: LibvirtUri | undefined;
  /** the folder of the connection's driver under etc/libvirt and run/libvirt (qemu, lxc, …) */
  folder: string;
  /** the networks were listed (their files are the connection's) */
  networks: boolean;
}

/**
 * The domains and networks of a connection, through `virsh`, written into the snapshot as a host
 * tree; what could not be read becomes a note. Throws CollectError when virsh cannot connect.
 */
export async function readLibvirt(virsh: Virsh, writer: SnapshotWriter, notes: string[], progress: (m: string) => void, what: string): Promise<LibvirtRead> {
  const uriRun = await virsh('uri');
  if (!uriRun.ok) throw new CollectError(`libvirt: cannot connect${what}: ${uriRun.err}`);
  const uri = uriRun.out.trim();
  const parsed = parseUri(uri);
  const folder = driverFolder(parsed?.scheme ?? 'qemu');

  let version = await virsh('version', '--daemon');
  if (!version.ok) version = await virsh('version');
  if (version.ok) writer.file('libvirt-version.json', JSON.stringify({ format: 'vharden-libvirt-version/1', uri, ...parseVersion(version.out) }, null, 2) + '\n');
  else notes.push(`libvirt and hypervisor versions: ${version.err}`);

  let secureRefused: string | undefined;
  const dump = async (kind: 'domain' | 'network', uuid: string, inactive: boolean): Promise<string | undefined> => {
    const base = kind === 'domain' ? ['dumpxml', '--domain', uuid] : ['net-dumpxml', '--network', uuid];
    const cmd = base[0] as VirshCommand;
    const flags = [...base.slice(1), ...(inactive ? ['--inactive'] : [])];
    let refused: string | undefined;
    if (kind === 'domain' && secureRefused === undefined) {
      const r = await virsh(cmd, ...flags, '--security-info');
      if (r.ok) return r.out;
      refused = r.err;
    }
    let r = await virsh(cmd, ...flags);
    if (!r.ok && inactive) {
      const live = await virsh(cmd, ...base.slice(1));
      if (live.ok) notes.push(`${kind} ${uuid}: its persistent definition could not be read (${r.err}); the live one was written`);
      r = live.ok ? live : r;
    }
    if (!r.ok) {
      notes.push(`${kind} ${uuid}: ${r.err}`);
      return undefined;
    }
    // the secure read failed where the plain one worked: the connection may not read secrets
    secureRefused ??= refused;
    return r.out;
  };
  const save = (rel: string, kind: 'domain' | 'network', xml: string): void => {
    const redacted = redactLibvirtXml(xml);
    if ('error' in redacted) {
      notes.push(`${rel}: not written: ${redacted.error}`);
      return;
    }
    if (writer.has(rel)) {
      notes.push(`${rel}: two ${kind}s have this name; the second was not written`);
      return;
    }
    writer.file(rel, redacted.text);
  };

  const domains = { persistent: 0, transient: 0, running: 0 };
  for (const persistent of [true, false]) {
    const list = await virsh('list', '--all', '--uuid', persistent ? '--persistent' : '--transient');
    if (!list.ok) throw new CollectError(`libvirt: cannot list domains: ${list.err}`);
    for (const uuid of names(list.out)) {
      const xml = await dump('domain', uuid, persistent);
      if (xml === undefined) continue;
      const name = safeName(nameOf(xml) ?? uuid);
      save(persistent ? `etc/libvirt/${folder}/${name}.xml` : `run/libvirt/${folder}/${name}.xml`, 'domain', xml);
      domains[persistent ? 'persistent' : 'transient']++;
    }
  }
  if (domains.persistent > 0) {
    const running = await virsh('list', '--uuid', '--persistent');
    if (running.ok) domains.running = names(running.out).length;
  }
  if (secureRefused !== undefined && domains.persistent + domains.transient > 0) {
    notes.push(`console passwords: the domains were read without --security-info (${secureRefused}), so a console password set on a guest is not seen and DOM-GRAPHICS-PASSWD cannot report it; use a read-write connection with the domain:read-secure permission`);
  }
  if (domains.running > 0) notes.push(`${domains.running} running persistent domain${domains.running === 1 ? '' : 's'}: the persistent definition was written (what the guest starts with); changes made to the running guest only (--live) were not collected`);

  let networks = 0;
  let listed = true;
  for (const persistent of [true, false]) {
    const list = await virsh('net-list', '--all', '--uuid', persistent ? '--persistent' : '--transient');
    if (!list.ok) {
      notes.push(`networks: ${list.err}`);
      listed = false;
      break;
    }
    for (const uuid of names(list.out)) {
      const xml = await dump('network', uuid, persistent);
      if (xml === undefined) continue;
      const name = safeName(nameOf(xml) ?? uuid);
      save(persistent ? `etc/libvirt/qemu/networks/${name}.xml` : `run/libvirt/network/${name}.xml`, 'network', xml);
      networks++;
    }
  }
  progress(`libvirt: ${domains.persistent + domains.transient} domains (${domains.transient} transient), ${networks} networks`);
  return { uri, parsed, folder, networks: listed };
}

/**
 * What a host printed running `libvirtScript`: for each virsh command, a line `vharden-virsh ok|error
 * COMMAND ARGS…`, its output (or error) in base64, and a line `.`. Returns undefined for text that
 * is not such a transcript.
 */
export function parseTranscript(text: string): Map<string, VirshOutcome> | undefined {
  const out = new Map<string, VirshOutcome>();
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i++]!.replace(/\r$/, '');
    if (line === '') continue;
    const m = /^vharden-virsh (ok|error) ([a-z-]+(?: [A-Za-z0-9-]+)*)$/.exec(line);
    if (!m) return undefined;
    const body: string[] = [];
    while (i < lines.length && lines[i]!.replace(/\r$/, '') !== '.') {
      const b = lines[i++]!.trim();
      if (!/^[A-Za-z0-9+/=]*$/.test(b)) return undefined;
      body.push(b);
    }
    if (i++ >= lines.length) return undefined;
    const decoded = Buffer.from(body.join(''), 'base64').toString('utf8');
    out.set(m[2]!, m[1] === 'ok' ? { ok: true, out: decoded } : { ok: false, err: oneLine(decoded) || 'failed' });
  }
  return out;
}

/** A Virsh that answers from a host's transcript; a command the host did not run is an error. */
export function transcriptVirsh(transcript: Map<string, VirshOutcome>): Virsh {
  return async (command, ...args) => {
    const key = [command, ...args].join(' ');
    return transcript.get(key) ?? { ok: false, err: `not in the host's transcript (virsh ${key})` };
  };
}

/**
 * The read-only script a host runs (`sh -s`) to print the transcript `readLibvirt` reads: the same
 * virsh commands `collect libvirt` runs, in the same order and with the same fallbacks, each output
 * as base64 (nothing is written on the host). Exits 98 when the host has no virsh.
 */
export function libvirtScript(connect: string | undefined, readonly: boolean): string {
  const opts = [...(connect ? ['--connect', shellQuote(connect)] : []), ...(readonly ? ['--readonly'] : [])].join(' ');
  return `command -v virsh >/dev/null 2>&1 || exit 98
export LC_ALL=C
# run: one read-only virsh command, printed as a record; its output stays in $out
run() {
  if out=$(virsh ${opts ? `${opts} ` : ''}--quiet "$@" 2>/dev/null && echo .); then
    out=\${out%.}
    printf 'vharden-virsh ok %s\n' "$*"
    printf '%s' "$out" | base64
    echo .
    return 0
  fi
  out=
  printf 'vharden-virsh error %s\n' "$*"
  virsh ${opts ? `${opts} ` : ''}--quiet "$@" 2>&1 >/dev/null | base64
  echo .
  return 1
}
secure=1
# dump COMMAND FLAG UUID INACTIVE: as collect libvirt does (--security-info first, then without it, then the live definition)
dump() {
  i=; [ "$4" = 1 ] && i=--inactive
  refused=0
  if [ "$1" = dumpxml ] && [ "$secure" = 1 ]; then
    run dumpxml --domain "$3" $i --security-info && return 0
    refused=1
  fi
  run "$1" "$2" "$3" $i; ok=$?
  if [ "$ok" != 0 ] && [ "$4" = 1 ]; then run "$1" "$2" "$3"; ok=$?; fi
  if [ "$ok" = 0 ] && [ "$refused" = 1 ]; then secure=0; fi
  return 0
}
run uri || exit 0
run version --daemon || run version
for kind in persistent transient; do
  run list --all --uuid --$kind || exit 0
  uuids=$out
  [ $kind = persistent ] && inactive=1 || inactive=0
  for u in $uuids; do dump dumpxml --domain "$u" $inactive; done
done
run list --uuid --persistent
for kind in persistent transient; do
  run net-list --all --uuid --$kind || break
  uuids=$out
  [ $kind = persistent ] && inactive=1 || inactive=0
  for u in $uuids; do dump net-dumpxml --network "$u" $inactive; done
done
exit 0
`;
}

export const libvirtCollector: Collector = {
  id: 'libvirt',
  usage: 'libvirt [URI | --connect URI] [--readonly] [--root DIR] [--transcript FILE|-] [--print-script]',
  script(flags) {
    checkFlags('libvirt', flags, { 'print-script': 'boolean', connect: 'string', readonly: 'boolean' });
    return libvirtScript(stringFlag(flags, 'connect'), flags.readonly === true);
  },
  async collect(target: string | undefined, opts: CollectOptions): Promise<CollectResult> {
    checkFlags('libvirt', opts.flags, { connect: 'string', readonly: 'boolean', root: 'string', transcript: 'string' });
    const connect = stringFlag(opts.flags, 'connect');
    if (connect && target) throw new CollectUsageError('collect libvirt: give the URI once (as an argument or with --connect)');
    const uriArg = connect ?? target;
    const readonly = opts.flags.readonly === true;
    const transcriptFile = stringFlag(opts.flags, 'transcript');
    if (transcriptFile !== undefined && (uriArg !== undefined || readonly)) throw new CollectUsageError('collect libvirt: --transcript reads what the host printed; the URI and --readonly go to --print-script');
    const transcript = transcriptFile === undefined ? undefined : readTranscript(transcriptFile);
    const writer = new SnapshotWriter(opts.out);
    const notes: string[] = [];
    const progress = opts.progress ?? (() => undefined);

    const virsh: Virsh = transcript ? transcriptVirsh(transcript) : async (command, ...args) => {
      const argv = [...(uriArg ? ['--connect', uriArg] : []), ...(readonly ? ['--readonly'] : []), '--quiet', command, ...args];
      const r = await runProgram('virsh', argv, { env: { ...opts.env, LC_ALL: 'C' }, signal: opts.signal, timeoutMs: 60_000 });
      if (opts.signal?.aborted) throw new CollectError('cancelled');
      if (r.startError) throw new CollectError(r.startError.code === 'ENOENT' ? 'virsh not found: install the libvirt client tools (Debian: libvirt-clients)' : `virsh: ${r.startError.message}`);
      return r.code === 0 ? { ok: true, out: r.stdout.toString('utf8') } : { ok: false, err: oneLine(r.stderr) || `exit ${r.code}` };
    };

    progress(transcript ? `libvirt: reading the transcript ${transcriptFile}` : `libvirt: connecting${uriArg ? ` to ${uriArg}` : ''}`);
    const { uri, parsed } = await readLibvirt(virsh, writer, notes, progress, transcript ? ' (the host\'s virsh)' : uriArg ? ` to ${uriArg}` : '');

    const root = stringFlag(opts.flags, 'root');
    const local = parsed !== undefined && parsed.host === '' && parsed.scheme.split('+')[0] !== 'test';
    if (transcript) notes.push('daemon and driver configs: a transcript holds virsh output only (vharden collect archive reads them with the host\'s files)');
    else if (root !== undefined || (local && parsed!.path !== '/session')) copyConfigs(root ?? '/', writer, notes);
    else if (local) notes.push('daemon and driver configs: a session connection reads them from the user\'s ~/.config/libvirt, which is not collected');
    else notes.push(`daemon and driver configs: ${parsed?.host ? `${uri} is a remote connection (collect them with vharden collect ssh)` : `${uri} has no daemon configs`}`);
    return { files: writer.files(), notes };
  },
};

/** A transcript file (`-`: standard input), refused when it is not one. */
export function readTranscript(file: string): Map<string, VirshOutcome> {
  const t = parseTranscript(readHostOutput(file).toString('utf8'));
  if (!t) throw new CollectError(`${file}: not a virsh transcript (what vharden collect libvirt --print-script prints on the host)`);
  return t;
}

function copyConfigs(root: string, writer: SnapshotWriter, notes: string[]): void {
  for (const name of CONFIGS) {
    const path = join(root, 'etc', 'libvirt', name);
    let text: string;
    try {
      text = readRegularFile(path).bytes.toString('utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') notes.push(`${path}: ${codeOf(err)}`);
      continue;
    }
    const redacted = redactLibvirtConf(text);
    if ('error' in redacted) notes.push(`${path}: not written: ${redacted.error}`);
    else writer.file(`etc/libvirt/${name}`, redacted.text);
  }
}
