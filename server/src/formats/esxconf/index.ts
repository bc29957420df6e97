import type { Format } from '../../engine/types';
import { ESX_ADVANCED, ESX_FIREWALL, PRODUCT_VERSIONS } from '../vsphere/carriers';
import { VERSIONS_IN_TEXT } from '../vsphere/versions';
import { esxConfAdvanced } from './advanced';
import { esxConfFabric } from './fabric';
import { esxConfFirewall } from './firewall';
import { parseEsxConf, type EsxConfModel } from './parser';

const SECTIONS = ['/net/', '/adv/', '/firewall/', '/system/'];

/**
 * esx.conf content: most non-comment lines are `/path = "value"` and some fall under a
 * section every host file has. Looks at the first 8 KiB only.
 */
function looksLikeEsxConf(text: string): boolean {
  const head = text.slice(0, 8192);
  // a line under a section holds the section's name
  if (!SECTIONS.some((s) => head.includes(s))) return false;
  let total = 0;
  let keyLines = 0;
  let sectioned = 0;
  for (const line of head.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    total++;
    if (/^\/[^\s=]+\s*=\s*"/.test(t)) {
      keyLines++;
      if (SECTIONS.some((s) => t.startsWith(s))) sectioned++;
    }
  }
  return keyLines >= 3 && sectioned >= 1 && keyLines >= total * 0.8;
}

export const esxConfFormat: Format<EsxConfModel> = {
  id: 'esxconf',
  name: 'ESXi esx.conf',
  languageId: 'esxconf',
  comment: { line: '#' },
  matchesPath: (path) => /(^|\/)esx\.conf$/i.test(path),
  matchesContent: (text) => looksLikeEsxConf(text),
  parse: (text) => parseEsxConf(text),
  fabric: (model) => esxConfFabric(model),
  provides: [ESX_ADVANCED, ESX_FIREWALL, PRODUCT_VERSIONS],
  carriers: (model) => ({ [ESX_ADVANCED]: [esxConfAdvanced(model)], [ESX_FIREWALL]: [esxConfFirewall(model)], [PRODUCT_VERSIONS]: [VERSIONS_IN_TEXT] }),
};
