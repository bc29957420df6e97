import type { Format } from '../../engine/types';
import { firewallKind, parseFirewall, type FirewallModel } from './parser';

export type { FirewallModel };

const SECTION = /^\s*\[(options|rules|aliases|ipset\s+\S+|group\s+\S+)\]/im;

export const pveFirewallFormat: Format<FirewallModel> = {
  id: 'proxmox-firewall',
  name: 'Proxmox VE firewall (.fw)',
  languageId: 'proxmox-firewall',
  comment: { line: '#' },
  matchesPath: (path) => /(^|\/)(pve\/firewall\/[^/]+|pve\/(nodes\/[^/]+|local)\/host|cluster|host)\.fw$/i.test(path),
  matchesContent: (text, path) => /\.fw$/i.test(path) && SECTION.test(text.slice(0, 8192)),
  parse: (text, ctx) => {
    const { model, comments, diagnostics } = parseFirewall(text, firewallKind(ctx.path, text));
    return { format: 'proxmox-firewall', model, comments, diagnostics };
  },
};
