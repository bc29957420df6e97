import type { Reference } from '../engine/types';
import { doc } from './refs';

/** References to libvirt's own documentation and config templates (URLs as given in the rules catalog). */
export const LIBVIRT_REMOTE = doc('libvirt docs', 'Remote support (libvirtd.conf, src/remote/libvirtd.conf.in)', 'https://libvirt.org/remote.html');
export const LIBVIRT_QEMU = doc('libvirt docs', 'QEMU driver (qemu.conf, src/qemu/qemu.conf.in)', 'https://libvirt.org/drvqemu.html');
export const LIBVIRT_DOMAIN = doc('libvirt docs', 'Domain XML format', 'https://libvirt.org/formatdomain.html');
export const LIBVIRT_NETWORK = doc('libvirt docs', 'Network XML format', 'https://libvirt.org/formatnetwork.html');
export const LIBVIRT_FIREWALL = doc('libvirt docs', 'Firewall and network filtering', 'https://libvirt.org/firewall.html');
export const REDHAT_REMOTE: Reference = doc(
  'Red Hat Enterprise Linux 7 Virtualization Deployment and Administration Guide',
  'Remote management of guests: transport modes',
  'https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/7/html/virtualization_deployment_and_administration_guide/chap-Remote_management_of_guests',
);
