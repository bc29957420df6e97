import type { Rule } from '../../engine/types';
import type { ConfModel } from '../../formats/libvirt-conf/parser';
import { qemuRunAsRoot } from './run-as-root';
import { qemuSecDriverNone } from './secdriver-none';
import { qemuSpiceListenAll } from './spice-listen-all';
import { qemuUserPrivileged } from './user-privileged';
import { qemuVncListenAll } from './vnc-listen-all';

/** Rules over the libvirt QEMU driver config, qemu.conf. */
export const qemuConfRules: Rule<ConfModel>[] = [qemuVncListenAll, qemuSpiceListenAll, qemuSecDriverNone, qemuRunAsRoot, qemuUserPrivileged];
