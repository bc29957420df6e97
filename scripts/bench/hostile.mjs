// Hostile inputs for `npm run bench -- hostile` (issue 13): files an attacker can put in a repository
// or a host tree, generated here (never committed as big files). Each case is a folder to scan with
// the CLI; `run.mjs` times the scan and reads its peak RSS. The language-server cases are in run.mjs.

const MB = 1024 * 1024;

/** `n` lines, `line(i)` each, joined with \n and ending with one. */
export function lines(n, line) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = line(i);
  return out.join('\n') + '\n';
}

/** Patterns that make a backtracking regex translation of a glob take exponential or high-polynomial time. */
export const EVIL_GLOBS = ['****************!', '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a!', '*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*!'];
export const EVIL_PATH_GLOBS = ['**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/x!', '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a!', '****************!'];

/** The line-based formats: a path that selects the format, and the head some need to be recognised. */
export const LINE_FORMATS = [
  { id: 'vmx', path: 'vm/x.vmx', head: '' },
  { id: 'esxconf', path: 'etc/vmware/esx.conf', head: '' },
  { id: 'proxmox-vm', path: 'etc/pve/qemu-server/100.conf', head: '' },
  { id: 'proxmox-user', path: 'etc/pve/user.cfg', head: '' },
  { id: 'proxmox-firewall', path: 'etc/pve/firewall/cluster.fw', head: '' },
  { id: 'proxmox-datacenter', path: 'etc/pve/datacenter.cfg', head: '' },
  { id: 'proxmox-pveproxy', path: 'etc/default/pveproxy', head: '' },
  { id: 'libvirtd-conf', path: 'etc/libvirt/libvirtd.conf', head: '' },
  { id: 'qemu-conf', path: 'etc/libvirt/qemu.conf', head: '' },
  { id: 'interfaces', path: 'etc/network/interfaces', head: '' },
  { id: 'ovs-shell', path: 'scripts/net.sh', head: '#!/bin/sh\novs-vsctl add-br br0\n' },
];

/** One folder per case: `files` maps relative paths to contents; `args` are extra CLI flags. */
export function hostileCases() {
  const cases = [];
  const vmxHead = '.encoding = "UTF-8"\nconfig.version = "8"\nRemoteDisplay.vnc.enabled = "TRUE"\nisolation.tools.paste.disable = "FALSE"\n';

  // ---- globs (item 2): one comment line, one config key, one flag
  cases.push({ name: 'rule-id globs in `vharden-ignore-file` comments (`****************!` and 2 more)', files: { 'x.vmx': vmxHead + EVIL_GLOBS.map((g) => `# vharden-ignore-file ${g} -- reason`).join('\n') + '\n' } });
  cases.push({ name: 'rule-id globs in `vharden-ignore` comments, 10,000 lines', files: { 'x.vmx': vmxHead + lines(10_000, (i) => `k${i} = "1" # vharden-ignore ${EVIL_GLOBS[i % EVIL_GLOBS.length]} -- reason`) } });
  cases.push({ name: '`.vharden.yaml` `rules:` globs', files: { '.vharden.yaml': `rules:\n${EVIL_GLOBS.map((g) => `  "${g}": off`).join('\n')}\n`, 'x.vmx': vmxHead } });
  cases.push({ name: '`--rule` glob', files: { 'x.vmx': vmxHead }, args: ['--rule', `${EVIL_GLOBS[0]}=off`] });
  const deep = `${'a'.repeat(40)}/`.repeat(20);
  cases.push({ name: '`.vharden.yaml` `ignore:` globs, a file 20 folders deep', files: { '.vharden.yaml': `ignore:\n${EVIL_PATH_GLOBS.map((g) => `  - "${g}"`).join('\n')}\n`, [`${deep}${'a'.repeat(60)}.vmx`]: vmxHead } });
  const longName = 'a'.repeat(60);
  cases.push({
    name: '`monitoring.*` globs against 2,000 bridges with 60-character names',
    files: {
      '.vharden.yaml': `monitoring:\n  requiredFor:\n${EVIL_GLOBS.map((g) => `    - "${g}"`).join('\n')}\n  authorizedSensors:\n${EVIL_GLOBS.map((g) => `    - "${g}"`).join('\n')}\n`,
      'net.sh': '#!/bin/sh\n' + lines(2000, (i) => `ovs-vsctl add-br ${longName}${i} -- add-port ${longName}${i} tap${i}i0 -- --id=@p get port tap${i}i0 -- --id=@m create mirror name=m${i} select-all=true output-port=@p -- set bridge ${longName}${i} mirrors=@m`),
    },
  });

  // ---- regexes on file content (item 2)
  const rep = (s, n = MB) => s.repeat(Math.ceil(n / s.length)).slice(0, n);
  cases.push({
    name: 'content sniffing: 8 unrelated 1 MB files (one long line of `tc filter `, newlines, spaces, …)',
    files: {
      'a.sh': rep('tc filter '),
      'b': rep('tc filter '),
      'c.fw': rep('\n'),
      'd.yaml': 'network:\n' + rep(' \n'),
      'e.conf': rep('\n'),
      'f.xml': rep('<!--'),
      'g.txt': rep('displayname '),
      'h.yml': rep('vmware_'),
    },
  });
  cases.push({ name: 'unrelated XML of 4 MB (a Maven pom with 80,000 dependencies)', files: { 'pom.xml': `<project>${rep('<dependency><artifactId>x</artifactId></dependency>', 4 * MB)}</project>\n` } });
  cases.push({ name: 'a 240 KB comment line of `vharden-ignore` and spaces', files: { 'x.vmx': vmxHead + `# vharden-ignore VMX-ISO-USB${' '.repeat(240 * 1024)}x\n` + 'RemoteDisplay.vnc.port = "5900"\n' } });

  // ---- bounds (item 4): 1 million short lines per line-based format
  for (const f of LINE_FORMATS) {
    cases.push({ name: `1,000,000 one-character junk lines (2 MB), ${f.id}`, files: { [f.path]: f.head + lines(1_000_000, () => 'x') } });
  }
  cases.push({ name: '1,000,000 comment lines (2 MB), vmx', files: { 'vm/x.vmx': lines(1_000_000, () => '#') } });
  cases.push({ name: '100,000 `vharden-ignore` comment lines (3 MB), vmx', files: { 'vm/x.vmx': lines(100_000, () => '# vharden-ignore VMX-ISO-USB -- lab') } });
  cases.push({ name: '2,000 alternating duplicate keys (20 KB .vmx), JSON report', files: { 'x.vmx': lines(2000, (i) => (i % 2 ? 'b = "1"' : 'a = "1"')) } });
  cases.push({ name: '2,000 alternating duplicate keys (20 KB .vmx), SARIF report', files: { 'x.vmx': lines(2000, (i) => (i % 2 ? 'b = "1"' : 'a = "1"')) }, format: 'sarif' });
  cases.push({ name: 'OVS script with 20,000 bridges and ports', files: { 'net.sh': '#!/bin/sh\n' + lines(20_000, (i) => `ovs-vsctl --may-exist add-br br${i} -- --may-exist add-port br${i} tap${i}i0`) } });
  cases.push({ name: 'OVS script, 20,000 commands on one line', files: { 'net.sh': '#!/bin/sh\n' + Array.from({ length: 20_000 }, (_, i) => `ovs-vsctl add-br br${i}`).join('; ') + '\n' } });
  cases.push({
    name: 'OVS script with 5,000 bridges, 5,000 mirrors and 5,000 tc hooks (fabric join)',
    files: {
      'net.sh': '#!/bin/sh\n' + lines(5000, (i) => `ovs-vsctl add-br br${i} -- add-port br${i} tap${i}i0 -- --id=@p get port tap${i}i0 -- --id=@m create mirror name=m${i} select-all=true output-port=@p -- set bridge br${i} mirrors=@m\ntc filter add dev tap${i}i0 parent ffff: matchall action mirred egress mirror dev eth9`),
    },
  });
  cases.push({ name: 'domain XML with 40,000 `<graphics>` elements', files: { 'etc/libvirt/qemu/big.xml': `<domain type='kvm'>\n  <name>big</name>\n  <devices>\n${lines(40_000, (i) => `    <graphics type='vnc' port='${5900 + (i % 1000)}' listen='0.0.0.0'/>`)}  </devices>\n</domain>\n` } });
  cases.push({ name: 'domain XML with 40,000 `<graphics>` elements on one line', files: { 'etc/libvirt/qemu/big.xml': `<domain type='kvm'><name>big</name><devices>${Array.from({ length: 40_000 }, () => `<graphics type='vnc' listen='0.0.0.0'/>`).join('')}</devices></domain>\n` } });
  {
    const stanzas = [];
    let size = 0;
    for (let i = 0; size < 3.2 * MB; i++) {
      const s = `auto vmbr${i}\niface vmbr${i} inet manual\n    bridge-ports tap${i}i0 eth${i}\n    bridge-stp off\n    post-up ovs-vsctl add-br ovsbr${i}\n`;
      stanzas.push(s);
      size += s.length;
    }
    cases.push({ name: `/etc/network/interfaces of 3.2 MB (${stanzas.length} bridges)`, files: { 'etc/network/interfaces': stanzas.join('') } });
  }
  cases.push({ name: 'OVSDB conf.db with 10,000 bridges in one transaction (2.7 MB)', files: { 'etc/openvswitch/conf.db': ovsdb(10_000) } });
  cases.push({ name: '`.vharden.yaml` `maxFileSize: 1000000000` and a 100 MB .vmx', files: { '.vharden.yaml': 'maxFileSize: 1000000000\n', 'big.vmx': lines(5 * MB, (i) => `k${i % 1000} = "${'v'.repeat(8)}"`) }, refused: 'a repository config cannot raise maxFileSize' });
  cases.push({ name: 'the same 100 MB .vmx, no config (over the default 5 MB limit)', files: { 'big.vmx': lines(5 * MB, (i) => `k${i % 1000} = "${'v'.repeat(8)}"`) } });
  return cases;
}

/** An OVSDB log: the schema record, then one transaction that creates `bridges` bridges with one port each. */
export function ovsdb(bridges) {
  const schema = JSON.stringify({ name: 'Open_vSwitch', version: '8.3.0', tables: { Bridge: { columns: { name: { type: 'string' }, ports: { type: { key: { type: 'uuid' }, min: 0, max: 'unlimited' } } } }, Port: { columns: { name: { type: 'string' }, interfaces: { type: { key: { type: 'uuid' }, min: 1, max: 'unlimited' } } } }, Interface: { columns: { name: { type: 'string' }, type: { type: 'string' } } } } });
  const uuid = (kind, i) => `${kind}${i.toString(16).padStart(7, '0')}-0000-4000-8000-000000000000`;
  const tx = { Bridge: {}, Port: {}, Interface: {}, _date: 1700000000000 };
  for (let i = 0; i < bridges; i++) {
    tx.Bridge[uuid('b', i)] = { name: `br${i}`, ports: ['set', [['uuid', uuid('c', i)]]] };
    tx.Port[uuid('c', i)] = { name: `tap${i}i0`, interfaces: ['uuid', uuid('d', i)] };
    tx.Interface[uuid('d', i)] = { name: `tap${i}i0` };
  }
  const record = (json) => {
    const body = JSON.stringify(json);
    return `OVSDB JSON ${Buffer.byteLength(body)} 0000000000000000000000000000000000000000\n${body}\n`;
  };
  return record(schema === undefined ? {} : JSON.parse(schema)) + record(tx);
}
