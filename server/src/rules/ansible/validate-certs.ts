import { isMap, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { FindingDraft, Rule } from '../../engine/types';
import type { AnsibleModel } from '../../formats/ansible';
import { mapOpt, moduleShortName, type Opt } from '../../formats/ansible/tasks';
import { MAX_DEPTH, keyName } from '../../formats/ansible/yaml';
import { doc } from '../refs';
import { boolOf, label, replaceValue } from './common';

const GROUP = /^group\/(community\.vmware\.)?vmware$/;

/** `validate_certs: false` set for community.vmware modules through `module_defaults` (plays, blocks, roles' tasks). */
function moduleDefaults(model: AnsibleModel): { key: string; opt: Opt }[] {
  const out: { key: string; opt: Opt }[] = [];
  const walk = (n: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (isSeq(n)) for (const item of n.items) walk(item, depth + 1);
    if (!isMap(n)) return;
    for (const pair of (n as YAMLMap<Node, Node | null>).items as Pair<Node, Node | null>[]) {
      if (keyName(pair) === 'module_defaults' && isMap(pair.value)) {
        for (const entry of (pair.value as YAMLMap<Node, Node | null>).items as Pair<Node, Node | null>[]) {
          const key = keyName(entry);
          if (!key || !isMap(entry.value) || !(GROUP.test(key) || moduleShortName(key))) continue;
          const opt = mapOpt(entry.value as YAMLMap<Node, Node | null>, 'validate_certs', model.text);
          if (opt && boolOf(opt) === false) out.push({ key, opt });
        }
      } else walk(pair.value, depth + 1);
    }
  };
  for (const d of model.docs) walk(d.contents, 0);
  return out;
}

const FIX = 'guarded: connections fail where vCenter or ESXi presents a self-signed certificate this machine does not trust';

export const ansValidateCerts: Rule<AnsibleModel> = {
  meta: {
    id: 'ANS-VALIDATE-CERTS',
    title: 'vCenter/ESXi API connections without certificate validation',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['ansible'],
    risk: 'Every community.vmware task logs in to vCenter or ESXi with an administrator\'s user name and password. With `validate_certs: false` the module accepts any certificate, so anyone who can redirect or intercept the connection (ARP or DNS spoofing, a rogue proxy) presents their own, collects the credentials and replays them against the real vCenter.',
    remedy: 'Leave `validate_certs` at its default (`true`): give vCenter and ESXi certificates from a CA the control node trusts (VMCA root added to the system trust store, or the enterprise CA), and set `validate_certs: false` only in a lab inventory, never in shared roles or production plays.',
    notes: 'Reports community.vmware tasks with `validate_certs` false (`false`, `no`, `False`, …), one finding per connection target (the task\'s `hostname` as written) naming how many tasks share it, and `module_defaults` entries for community.vmware modules or `group/community.vmware.vmware` that set it. Templated values (`"{{ validate_certs }}"`) and the VMWARE_VALIDATE_CERTS environment variable are not judged.',
    common: 'Public playbooks are mostly labs and integration tests (community.vmware\'s own tests run against a simulator with a self-signed certificate), so this fires on most of them (78 of the 87 playbooks and task files the shared corpus holds). It is a true gap on any inventory that reaches production, where the credentials are real, and the guarded fix says what breaks.',
    references: [doc('Ansible community.vmware', 'validate_certs option of every module (default true; VMWARE_VALIDATE_CERTS when unset)', 'https://docs.ansible.com/ansible/latest/collections/community/vmware/'), doc('NIST SP 800-52 Rev. 2', 'TLS clients validate the server certificate', 'https://doi.org/10.6028/NIST.SP.800-52r2')],
  },
  check(model) {
    const groups = new Map<string, Opt[]>();
    const names = new Map<string, string>();
    for (const t of model.tasks) {
      const opt = t.opt('validate_certs');
      if (!opt || boolOf(opt) !== false) continue;
      const host = t.opt('hostname')?.text?.trim() || '(hostname from VMWARE_HOST)';
      let list = groups.get(host);
      if (!list) groups.set(host, (list = []));
      list.push(opt);
      if (!names.has(host)) names.set(host, label(t));
    }
    const out: FindingDraft[] = [];
    for (const [host, opts] of groups) {
      const first = opts[0]!;
      const n = opts.length;
      out.push({
        start: first.start,
        end: first.end,
        locator: `validate_certs:${host}`,
        message: `${n > 1 ? `${n} community.vmware tasks (the first: ${names.get(host)})` : names.get(host)} connect${n > 1 ? '' : 's'} to ${host} with validate_certs: false: the administrator credentials go to whoever answers.`,
        fixes: [{ title: `Set validate_certs: true${n > 1 ? ` in all ${n} tasks` : ''} (${FIX})`, safety: 'guarded', edits: opts.map((o) => replaceValue(o, 'true', 'raw')) }],
      });
    }
    for (const { key, opt } of moduleDefaults(model)) {
      out.push({
        start: opt.start,
        end: opt.end,
        locator: `module_defaults/${key}/validate_certs`,
        message: `module_defaults turns off certificate validation for ${GROUP.test(key) ? 'every community.vmware module' : key}: the administrator credentials go to whoever answers.`,
        fixes: [{ title: `Set validate_certs: true (${FIX})`, safety: 'guarded', edits: [replaceValue(opt, 'true', 'raw')] }],
      });
    }
    return out;
  },
};
