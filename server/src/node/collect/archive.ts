import { decodeArchive, readHostOutput } from './decode';
import { readLibvirt, readTranscript, transcriptVirsh } from './libvirt';
import { writeBackup } from './ovs';
import { checkFlags, CollectError, CollectUsageError, SnapshotWriter, stringFlag } from './snapshot';
import { extractHostTar, remoteScript } from './ssh';
import type { CollectOptions, CollectResult, Collector } from './types';

/**
 * `vharden collect archive FILE` (`-`: standard input): a tar of a host's standard locations, made on the host by the same
 * read-only script `collect ssh` runs (`--print-script` shows it), extracted like `collect ssh`'s:
 * regular files and folders under the locations only, no secrets, passwords removed.
 *
 * With `--virsh-transcript FILE` (what `collect libvirt --print-script` printed on the host) the
 * domains and networks come from the host's virsh, as `collect libvirt` writes them, in place of the
 * archive's domain and network files; with `--ovsdb-backup FILE` (what `collect ovs --print-script`
 * printed) the switch database comes from the host's ovsdb-server, as `collect ovs` writes it, in place
 * of the archive's conf.db. Where the host's virsh could not connect or the backup cannot be read, the
 * archive's files are used and a note says why.
 */
export const archiveCollector: Collector = {
  id: 'archive',
  usage: 'archive FILE|- [--virsh-transcript FILE] [--ovsdb-backup FILE] [--print-script [--remote-root PREFIX] [--sudo]]',
  script(flags) {
    checkFlags('archive', flags, { 'print-script': 'boolean', 'remote-root': 'string', sudo: 'boolean' });
    const root = stringFlag(flags, 'remote-root') ?? '/';
    if (!root.startsWith('/') || root.includes('\0') || root.includes('\n')) throw new CollectUsageError('collect archive: --remote-root takes an absolute path');
    return remoteScript(root, flags.sudo === true);
  },
  async collect(target: string | undefined, opts: CollectOptions): Promise<CollectResult> {
    checkFlags('archive', opts.flags, { 'virsh-transcript': 'string', 'ovsdb-backup': 'string' });
    if (!target) throw new CollectUsageError('collect archive: name the archive file: vharden collect archive FILE --out DIR');
    const transcriptFile = stringFlag(opts.flags, 'virsh-transcript');
    const backupFile = stringFlag(opts.flags, 'ovsdb-backup');
    if ([target, transcriptFile, backupFile].filter((f) => f === '-').length > 1) throw new CollectUsageError('collect archive: only one of the files can be standard input (-)');
    const data = decodeArchive(readHostOutput(target));
    const transcript = transcriptFile === undefined ? undefined : readTranscript(transcriptFile);
    const backup = backupFile === undefined ? undefined : decodeArchive(readHostOutput(backupFile)).toString('utf8');
    const writer = new SnapshotWriter(opts.out);
    const notes: string[] = [];
    const live: RegExp[] = [];
    if (transcript) {
      try {
        const r = await readLibvirt(transcriptVirsh(transcript), writer, notes, opts.progress ?? (() => undefined), ' (the host\'s virsh)');
        live.push(new RegExp(`^(etc|run)/libvirt/${r.folder}/[^/]+\\.xml$`));
        if (r.networks) live.push(/^etc\/libvirt\/qemu\/networks\/[^/]+\.xml$/, /^run\/libvirt\/network\/[^/]+\.xml$/);
      } catch (err) {
        if (!(err instanceof CollectError)) throw err;
        notes.push(`${err.message}; the domain and network files were read instead`);
      }
    }
    if (backup !== undefined) {
      const r = writeBackup(writer, backup, notes);
      if ('error' in r) notes.push(`the host's ovsdb-client backup: ${r.error}; the conf.db file was read instead`);
      else live.push(/^(etc|var\/lib)\/openvswitch\/conf\.db$/);
    }
    const replaced = (rel: string) => live.some((re) => re.test(rel));
    if (data.length) notes.push(...extractHostTar(data, writer, undefined, replaced).notes);
    else notes.push('the archive is empty: none of the standard locations existed on the host');
    return { files: writer.files(), notes };
  },
};
