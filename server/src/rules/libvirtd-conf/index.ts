import type { Rule } from '../../engine/types';
import type { ConfModel } from '../../formats/libvirt-conf/parser';
import { lvAccessDrivers } from './access-drivers';
import { lvListenAddr } from './listen-addr';
import { lvTcpNoAuth } from './tcp-noauth';
import { lvTlsNoVerify } from './tls-noverify';
import { lvUnixGroup } from './unix-group';
import { lvUnixRwOpen } from './unix-rw-open';

/** Rules over libvirtd.conf, virtproxyd.conf and the other virt*d daemon configs. */
export const libvirtdConfRules: Rule<ConfModel>[] = [lvTcpNoAuth, lvTlsNoVerify, lvListenAddr, lvUnixRwOpen, lvUnixGroup, lvAccessDrivers];
