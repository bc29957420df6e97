import { describeContext, isMultiTenant, isSingleUser, type SystemContext } from '../../engine/context';
import { SEVERITIES, type FindingDraft, type Rule, type Severity } from '../../engine/types';
import { GUEST_OS, type GuestOsId } from '../../formats/common/guest-os';
import { doc } from '../refs';
import { guestData, judgedWithGuestData, todayOf } from './data';
import { familiesOf, judgeGuest, type GuestFamily, type GuestVerdict } from './guests';

/**
 * High for a server OS on a server or shared host, medium without evidence either way (and for a
 * desktop OS on a server), low on one person's desktop or lab; one level lower while a paid
 * extension (ESU, ELS, ESM, LTSS) still delivers fixes to those who bought it.
 */
function severityOf(v: GuestVerdict, system: SystemContext): Severity {
  const server = v.families.some((f) => f.role !== 'client');
  let s: Severity = isMultiTenant(system) || system.kind === 'server' ? (server ? 'high' : 'medium') : isSingleUser(system) ? 'low' : 'medium';
  if (v.extension) s = SEVERITIES[Math.min(SEVERITIES.indexOf(s) + 1, SEVERITIES.length - 1)]!;
  return s;
}

function names(families: GuestFamily[]): string {
  return families.length === 1 ? families[0]!.name : `${families.slice(0, -1).map((f) => f.name).join(', ')} or ${families[families.length - 1]!.name}`;
}

function message(g: GuestOsId, v: GuestVerdict, updated: string): string {
  const { latest, extension } = v;
  const who = g.vm ? `VM ${g.vm}: ` : '';
  const what = v.families.length === 1 ? `${latest.name}, past end of support since ${latest.end}` : `${names(v.families)}: all past end of support (the last on ${latest.end})`;
  const extra = extension
    ? `; security fixes continue only for those who pay for ${extension.name}, until ${extension.until}`
    : latest.extendedEnd
      ? `, and the paid ${latest.extended} ended ${latest.extendedEnd} too`
      : '';
  return `${who}${g.label} names ${what}${extra}. ${extension ? 'Without it the guest gets' : 'The guest gets'} no security fixes, and one compromised guest attacks its neighbours and the host. Guest OS data of ${updated}.`;
}

/** OS names a VM's name may carry, each with the family-id prefixes it agrees with. */
const NAMED_OS: [RegExp, string[]][] = [
  [/windows|\bwin(?:\d|xp|nt|2k)/i, ['windows-']],
  [/rhel|red ?hat/i, ['rhel-']],
  [/centos/i, ['centos-']],
  [/debian/i, ['debian-']],
  [/ubuntu/i, ['ubuntu-']],
  [/sles|suse/i, ['sles-']],
  [/fedora|android|chrome ?os|arch ?linux|gentoo|freebsd|openbsd|netbsd|mac ?os|alma|rocky|oracle ?linux|alpine|mint|manjaro|kali/i, []],
];

/**
 * The VM's name names an operating system other than the families its id maps to (`Fedora 20`
 * created as `rhel7-64`, `android` as `win/7`): the file contradicts itself, so vharden cannot tell
 * what the guest runs.
 */
function nameContradicts(vm: string | undefined, families: GuestFamily[]): boolean {
  if (!vm) return false;
  const named = NAMED_OS.filter(([re]) => re.test(vm));
  return named.length > 0 && !named.some(([, prefixes]) => families.some((f) => prefixes.some((p) => f.id.startsWith(p))));
}

export const patchGuestEol: Rule<GuestOsId> = {
  meta: {
    id: 'PATCH-GUEST-EOL',
    title: 'Guest operating system past end of support',
    family: 'patch-level',
    severity: 'high',
    fixSafety: 'none',
    formats: ['vmx', 'proxmox-vm', 'libvirt-domain', 'ansible', 'vsphere-snapshot'],
    risk: 'A guest whose operating system no longer gets security fixes (Windows 7, Windows Server 2012, CentOS 7, Debian 10, …) keeps every flaw found since its end of support. Once one such guest is compromised it attacks the guests beside it on the same virtual switch and the hypervisor\'s virtual devices, so on a shared host one forgotten VM puts every tenant at risk.',
    remedy: 'Upgrade or replace the guest with a supported release and change the VM\'s guest OS type to match. If it must stay, buy the vendor\'s paid extension (ESU, ELS, ESM, LTSS) while there is one, isolate it on its own network segment without access to other guests, and plan its retirement.',
    notes: 'Reads the guest OS type each format records: a .vmx `guestOS` key (`windows7-64`), a Proxmox VM `ostype` (`win7`), a libvirt domain\'s `<libosinfo:os id>` metadata (`http://centos.org/centos/7.0`) an Ansible vmware_guest `guest_id` (`windows9Server64Guest`) and a vSphere snapshot VM\'s `guestId` (`config.guestId`, the same ids). The guest OS data file (server/data/guest-os.json, dated, one vendor source per family) maps each id to an OS family; an id several families share (Proxmox `win10` is Windows 10, Server 2016 or 2019; VMware `windows9-64` and libosinfo `win/10` also cover Windows 11) is judged by the family supported longest, so it is reported only when all of them are past end of support. A VM whose name names another operating system than its id (`Fedora 20` created as `rhel7-64`, `android` as `win/7`) contradicts itself and is not reported. An id without a version (`ubuntu-64`, `centos-64`, `l26`, `otherLinux64Guest`), Fedora and Ubuntu interim releases (upgraded in place, so the id records only the install media) and macOS (Apple publishes no end dates) are never reported. Severity by context: high for a server OS on a server or shared host, medium without evidence of the kind of host (or for a desktop OS on a server), low on a desktop or lab; one level lower while a paid extension still runs (until its end date). The id is what the VM was created as: a guest upgraded in place keeps its old id, so the message names the id it read.',
    references: [
      doc('Microsoft', 'Lifecycle policy and product end dates', 'https://learn.microsoft.com/lifecycle/'),
      doc('Red Hat', 'Red Hat Enterprise Linux Life Cycle', 'https://access.redhat.com/support/policy/updates/errata'),
      doc('Debian', 'Debian Long Term Support', 'https://wiki.debian.org/LTS'),
      doc('NIST', 'SP 800-125 Guide to Security for Full Virtualization Technologies (keep guest OSs patched)', 'https://csrc.nist.gov/pubs/sp/800/125/final'),
    ],
  },
  input: GUEST_OS,
  check(g, ctx) {
    const data = guestData(ctx);
    const families = familiesOf(data, g.scheme, g.id);
    if (!families || nameContradicts(g.vm, families)) return [];
    judgedWithGuestData(ctx, data);
    const verdict = judgeGuest(families, todayOf(ctx));
    if (!verdict) return [];
    const draft: FindingDraft = { start: g.start, end: g.end, severity: severityOf(verdict, ctx.system), locator: `guest-os:${g.locator}`, message: message(g, verdict, data.updated) };
    if (ctx.system.kind) draft.context = describeContext(ctx.system);
    if (verdict.families.length > 1) draft.details = verdict.families.map((f) => `${f.name}: end of support ${f.end}${f.extendedEnd ? `, ${f.extended} until ${f.extendedEnd}` : ''} (${f.source})`);
    return [draft];
  },
};
