import { doc } from './refs';

/**
 * ESXi firewall rule sets for connections the host makes (clients): enabled and open to every
 * address, they let the host reach any server but expose no service on it. From the "Outgoing
 * Firewall Connections" table of VMware's vSphere Security guide ("Incoming and Outgoing Firewall
 * Ports for ESXi Hosts", 6.5 to 8.0). `dns` is also listed as incoming UDP 53, which carries the
 * answers to the host's own queries (ESXi runs no DNS server; the guide notes the firewall admits
 * DNS client traffic). `updateManager` and `webAccess` appear in the incoming table and are not
 * clients here.
 */
export const CLIENT_RULESETS = new Set([
  'ntpClient', 'syslog', 'httpClient', 'dns', 'sshClient', 'nfsClient', 'nfs41Client', 'iSCSI', 'activeDirectoryAll', 'WOL', 'vpxHeartbeats', 'rabbitmqproxy',
]);

export const PORTS_REFERENCE = doc('VMware vSphere Security', 'Incoming and Outgoing Firewall Ports for ESXi Hosts', 'https://ports.broadcom.com/');
