import type { FindingDraft, Rule } from '../../engine/types';
import { insertChild } from '../../formats/libvirt-xml/edit';
import { xmlPath, type LibvirtXmlModel } from '../../formats/libvirt-xml/model';
import { attr, child } from '../../formats/libvirt-xml/scanner';
import { sensitiveHostPath } from '../host-paths';
import { LIBVIRT_DOMAIN } from '../libvirt-refs';
import { attrSpan, startTagSpan } from './xml';

export const domFsPassthrough: Rule<LibvirtXmlModel> = {
  meta: {
    id: 'DOM-FS-PASSTHROUGH',
    title: 'Writable host folder shared into the guest in passthrough mode',
    family: 'guest-isolation',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['libvirt-domain'],
    risk: 'A `<filesystem type=\'mount\'>` shares a host folder with the guest (9p or virtiofs). In `accessmode=\'passthrough\'` (the default) file operations carry the guest\'s own user and group ids to the host: the guest\'s root creates files owned by host root, setuid programs included, and reads or changes whatever those ids may on the host side of the share. Sharing `/`, a home folder or a system folder writable hands the host over to the guest.',
    remedy: 'Share a dedicated folder, read-only where the guest only reads (`<readonly/>`), and prefer `accessmode=\'mapped\'` for 9p shares (ownership is kept in extended attributes and files stay owned by the QEMU account). Never share `/`, `/etc` or a home folder with a guest.',
    notes: 'Reports mount-type `<filesystem>` elements (9p or virtiofs) in passthrough mode, written or by default, without `<readonly/>`: high when the source is a drive root, home folder or system folder, medium otherwise. `mapped` and `squash` modes, read-only shares, RAM/block/file filesystems, LXC domains (whose root filesystem is such a share by design) and templated modes are not reported.',
    references: [LIBVIRT_DOMAIN],
  },
  check(m) {
    if (m.kind !== 'domain' || m.type === 'lxc') return [];
    const out: FindingDraft[] = [];
    for (const fs of m.devices?.children ?? []) {
      if (fs.name !== 'filesystem') continue;
      if ((attr(fs, 'type')?.value ?? 'mount') !== 'mount' || child(fs, 'readonly')) continue;
      const mode = attr(fs, 'accessmode');
      if (mode?.templated || (mode?.value ?? 'passthrough') !== 'passthrough') continue;
      const dir = attr(child(fs, 'source'), 'dir');
      if (!dir || dir.value.trim() === '') continue;
      const where = dir.templated ? undefined : sensitiveHostPath(dir.value);
      const target = attr(child(fs, 'target'), 'dir')?.value;
      const virtiofs = attr(child(fs, 'driver'), 'type')?.value === 'virtiofs';
      out.push({
        ...(mode ? attrSpan(mode) : startTagSpan(fs)),
        severity: where ? 'high' : 'medium',
        locator: `${xmlPath(fs)}[${dir.value}]`,
        message: `${where ? `The host's ${where} ${dir.value}` : `Host folder ${dir.value}`} is shared writable with the guest${target ? ` as ${target}` : ''} in passthrough mode${mode ? '' : ' (the default)'}${virtiofs ? ' over virtiofs' : ''}: the guest's root acts with host ids on it.`,
        fixes: [{ title: 'Share it read-only with <readonly/> (guarded: the guest can no longer write to it)', safety: 'guarded', edits: [insertChild(m.text, fs, '<readonly/>')] }],
      });
    }
    return out;
  },
};
