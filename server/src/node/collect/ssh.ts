import { redactLibvirtConf, redactLibvirtXml, redactOvsdbLog, redactProxmoxVm, type Redacted } from './redact';
import { runProgram } from './run';
import { checkFlags, CollectError, CollectUsageError, isSafeRelative, SnapshotWriter, stringFlag } from './snapshot';
import { readTar, TarError } from './tar';
import type { CollectOptions, CollectResult, Collector } from './types';

/**
 * `vharden collect ssh [user@]HOST`: the standard locations a host scan reads, copied with the
 * system `ssh` client and one remote `tar -c` (nothing is written on the host), extracted here
 * with the reader in tar.ts: regular files and folders only, only under the requested paths,
 * never outside the snapshot, and without the host's secrets.
 */
export const REMOTE_PATHS = [
  'etc/libvirt',
  'run/libvirt',
  'etc/pve',
  'etc/network/interfaces',
  'etc/network/interfaces.d',
  'etc/openvswitch/conf.db',
  'var/lib/openvswitch/conf.db',
  'etc/vmware/esx.conf',
  'etc/default/pveproxy',
  // installed packages: the patch-level rules judge QEMU, libvirt, Proxmox VE and the Debian release
  'var/lib/dpkg/status',
];

/**
 * Entries never written (nor asked for, where the remote tar is GNU tar): private keys, Proxmox's
 * priv/ folder (shadow, token secrets, storage passwords), libvirt's secret values.
 */
export function isSecretPath(rel: string): boolean {
  return /(^|\/)(priv|private|secrets)(\/|$)/.test(rel) || /\.(key|pem|p12|pfx|keytab|base64)$/i.test(rel);
}

/** The content filter for a copied file: removes passwords the formats do not need to see. */
function redactorOf(rel: string): ((text: string) => Redacted) | undefined {
  if (/^(etc|run)\/libvirt\/.*\.xml$/.test(rel)) return redactLibvirtXml;
  if (/^etc\/libvirt\/[^/]+\.conf$/.test(rel)) return redactLibvirtConf;
  if (/^etc\/pve\/(.*\/)?qemu-server\/[^/]+\.conf$/.test(rel)) return redactProxmoxVm;
  if (/(^|\/)openvswitch\/conf\.db$/.test(rel)) return redactOvsdbLog;
  return undefined;
}

export interface Extracted {
  notes: string[];
}

/**
 * Write the regular files and folders of a tar stream from the host into the snapshot. Refused:
 * absolute paths, `..`, anything outside `allowed`, secrets, links, devices and FIFOs; files that
 * `replaced` names (what was read live instead) are left out. A damaged
 * archive stops the extraction with what was written so far and a note.
 */
export function extractHostTar(archive: Buffer, writer: SnapshotWriter, allowed: string[] = REMOTE_PATHS, replaced: (rel: string) => boolean = () => false): Extracted {
  const notes: string[] = [];
  const skipped = new Map<string, string[]>();
  const skip = (why: string, path: string) => {
    const list = skipped.get(why) ?? [];
    list.push(path);
    skipped.set(why, list);
  };
  try {
    for (const e of readTar(archive)) {
      let rel = e.path;
      while (rel.startsWith('./')) rel = rel.slice(2);
      if (e.type === 'dir') rel = rel.replace(/\/+$/, '');
      if (rel === '' || rel === '.') continue;
      if (!isSafeRelative(rel)) {
        skip('unsafe paths (absolute, or with ..)', JSON.stringify(e.path));
        continue;
      }
      if (!allowed.some((p) => rel === p || rel.startsWith(`${p}/`) || (e.type === 'dir' && p.startsWith(`${rel}/`)))) {
        skip('paths that were not asked for', rel);
        continue;
      }
      if (isSecretPath(rel)) {
        skip('secrets (private keys, Proxmox priv/, libvirt secret values)', rel);
        continue;
      }
      if (e.type === 'symlink' || e.type === 'hardlink') {
        skip('links (the files they point to are copied where they are under the paths asked for)', rel);
        continue;
      }
      if (e.type === 'other') {
        skip('devices, FIFOs and other special entries', rel);
        continue;
      }
      try {
        if (e.type === 'dir') {
          writer.folder(rel);
          continue;
        }
        if (replaced(rel)) {
          skip('files read live instead (through the host\'s virsh or ovsdb-client)', rel);
          continue;
        }
        if (writer.has(rel)) {
          skip('entries that came twice', rel);
          continue;
        }
        const redact = redactorOf(rel);
        if (redact) {
          const r = redact(e.data.toString('utf8'));
          if ('error' in r) {
            skip('files whose secrets could not be removed', `${rel} (${r.error})`);
            continue;
          }
          writer.file(rel, r.text);
        } else writer.file(rel, e.data);
      } catch (err) {
        skip('entries that could not be written', `${rel} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    }
  } catch (err) {
    if (!(err instanceof TarError)) throw err;
    notes.push(`the archive from the host is damaged (${err.message}); what came before was written`);
  }
  for (const [why, paths] of skipped) notes.push(`not written, ${why}: ${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ` and ${paths.length - 5} more` : ''}`);
  return { notes };
}

/** A string for a POSIX shell, in single quotes. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The script the remote `/bin/sh -s` runs: read-only, it only lists and archives the locations. */
export function remoteScript(root: string, sudo: boolean): string {
  const tar = sudo ? 'sudo -n tar' : 'tar';
  return [
    `cd ${shellQuote(root)} || exit 97`,
    'set --',
    `for p in ${REMOTE_PATHS.join(' ')}; do`,
    '  if [ -e "$p" ] || [ -L "$p" ]; then set -- "$@" "$p"; fi',
    'done',
    '[ "$#" -gt 0 ] || exit 98',
    'if tar --version 2>/dev/null | grep -q "GNU tar"; then',
    `  exec ${tar} -cf - --exclude=etc/pve/priv --exclude=etc/libvirt/secrets --exclude='*.key' --exclude='*.pem' -- "$@"`,
    'fi',
    `exec ${tar} -cf - "$@"`,
    '',
  ].join('\n');
}

const DESTINATION = /^(?:[A-Za-z0-9._][A-Za-z0-9._-]*@)?(?:[A-Za-z0-9_][A-Za-z0-9._-]*|\[[0-9A-Fa-f:.]+\])$/;

export const sshCollector: Collector = {
  id: 'ssh',
  usage: 'ssh [user@]HOST [--port N] [--identity FILE] [--accept-new] [--known-hosts FILE] [--ssh-config FILE] [--sudo] [--remote-root PREFIX]',
  async collect(target: string | undefined, opts: CollectOptions): Promise<CollectResult> {
    checkFlags('ssh', opts.flags, { port: 'string', identity: 'string', 'accept-new': 'boolean', 'known-hosts': 'string', 'ssh-config': 'string', sudo: 'boolean', 'remote-root': 'string' });
    if (!target) throw new CollectUsageError('collect ssh: name the host: vharden collect ssh [user@]HOST --out DIR');
    if (!DESTINATION.test(target)) throw new CollectUsageError(`collect ssh: "${target}" is not [user@]HOST`);
    const port = stringFlag(opts.flags, 'port');
    if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) > 0 && Number(port) < 65536)) throw new CollectUsageError('collect ssh: --port takes a port number');
    const root = stringFlag(opts.flags, 'remote-root') ?? '/';
    if (!root.startsWith('/') || root.includes('\0') || root.includes('\n')) throw new CollectUsageError('collect ssh: --remote-root takes an absolute path');
    const writer = new SnapshotWriter(opts.out);
    const progress = opts.progress ?? (() => undefined);

    const identity = stringFlag(opts.flags, 'identity');
    const knownHosts = stringFlag(opts.flags, 'known-hosts');
    const config = stringFlag(opts.flags, 'ssh-config');
    const args = [
      ...(config ? ['-F', config] : []),
      '-T',
      '-o', 'BatchMode=yes',
      '-o', `StrictHostKeyChecking=${opts.flags['accept-new'] === true ? 'accept-new' : 'yes'}`,
      '-o', 'ForwardAgent=no',
      '-o', 'ForwardX11=no',
      '-o', 'ClearAllForwardings=yes',
      '-o', 'PermitLocalCommand=no',
      '-o', 'ConnectTimeout=20',
      ...(knownHosts ? ['-o', `UserKnownHostsFile=${knownHosts}`] : []),
      ...(identity ? ['-i', identity, '-o', 'IdentitiesOnly=yes'] : []),
      ...(port ? ['-p', port] : []),
      '--',
      target,
      '/bin/sh -s',
    ];
    progress(`ssh: reading ${root === '/' ? '' : `${root} on `}${target}`);
    const r = await runProgram('ssh', args, { env: opts.env, signal: opts.signal, timeoutMs: 600_000, maxBytes: 512 * 1024 * 1024, input: remoteScript(root, opts.flags.sudo === true) });
    if (opts.signal?.aborted) throw new CollectError('cancelled');
    if (r.startError) throw new CollectError(r.startError.code === 'ENOENT' ? 'ssh not found: install the OpenSSH client (Debian: openssh-client)' : `ssh: ${r.startError.message}`);
    const stderr = r.stderr.split('\n').filter((l) => l.trim() !== '');
    if (r.code === 255 || r.code === null) throw new CollectError(`ssh ${target}: ${stderr.filter((l) => !l.startsWith('tar:')).join('; ') || 'the connection failed'}`);
    if (r.code === 97) throw new CollectError(`ssh ${target}: cannot enter ${root} on the host`);
    const notes: string[] = [];
    if (r.code === 98) notes.push(`none of the standard locations exists under ${root} on ${target}`);
    else {
      const { notes: extractNotes } = extractHostTar(r.stdout, writer);
      notes.push(...extractNotes);
      const tarErrors = stderr.filter((l) => /^(tar|sudo):/.test(l));
      notes.push(...tarErrors.slice(0, 20).map((l) => `on the host: ${l}`));
      if (tarErrors.length > 20) notes.push(`on the host: ${tarErrors.length - 20} more messages from tar`);
      if (r.code !== 0 && tarErrors.length === 0) notes.push(`the remote tar exited with status ${r.code}: some files may be missing`);
    }
    notes.push('/etc/ansible and ESXi datastores (/vmfs/volumes) are not copied: Ansible files often hold credentials, and datastores can be terabytes; scan the playbook repository and VM files where they are kept');
    progress(`ssh: ${writer.files().length} files from ${target}`);
    return { files: writer.files(), notes };
  },
};
