import { archiveCollector } from './archive';
import { libvirtCollector } from './libvirt';
import { ovsCollector } from './ovs';
import { sshCollector } from './ssh';
import type { Collector } from './types';
import { vsphereCollector } from './vsphere';

/** Every live source `vharden collect` (and the editor) can read, by id. */
export const COLLECTORS: Collector[] = [vsphereCollector, libvirtCollector, ovsCollector, sshCollector, archiveCollector];
