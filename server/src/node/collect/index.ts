import { libvirtCollector } from './libvirt';
import { ovsCollector } from './ovs';
import { sshCollector } from './ssh';
import type { Collector } from './types';

/** Every live source `vharden collect` (and the editor) can read, by id. */
export const COLLECTORS: Collector[] = [libvirtCollector, ovsCollector, sshCollector];
