import type { Format } from '../../engine/types';
import { firewallKind, parseFirewall, type FirewallModel } from './parser';

export type { FirewallModel };

// `[^\S\r\n\u2028\u2029]` (a blank, not a line break): `^\s*` with the m flag is quadratic on a run of empty lines
const SECTION = /^[^\S\r\n\u2028\u2029]*\[(options|rules|aliases|ipset\s+\S+|group\s+\S+)\]/im;

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
