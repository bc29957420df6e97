// Inputs for the benchmark: realistic, deterministic and sized by line count.
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Generators take `badEvery`: one block in `badEvery` is insecure, the rest hardened. The defaults
 * give about the density of findings the corpus files with findings have (about 35 per 1,000 lines
 * of domain XML or playbook, 65 in .vmx); `badEvery = 1` is the stress case, every block insecure.
 */

/** A libvirt domain XML of exactly `lines` lines (plus the final line break). */
export function domainXml(lines, badEvery = 6) {
  const head = ["<domain type='kvm'>", '  <name>bench-guest</name>', "  <memory unit='KiB'>4194304</memory>", "  <vcpu placement='static'>4</vcpu>", '  <os>', "    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>", '  </os>', '  <devices>'];
  const tail = ['  </devices>', '</domain>', ''];
  const blocks = [
    (i) => [`    <disk type='file' device='disk'>`, `      <driver name='qemu' type='qcow2'/>`, `      <source file='/var/lib/libvirt/images/disk${i}.qcow2'/>`, `      <target dev='vd${i}' bus='virtio'/>`, '    </disk>'],
    (i, bad) => [`    <interface type='bridge'>`, `      <source bridge='br${i % 8}'/>`, `      <mac address='52:54:00:00:${hex(i >> 8)}:${hex(i)}'/>`, "      <model type='virtio'/>", ...(bad ? [] : ["      <filterref filter='clean-traffic'/>", "      <port isolated='yes'/>"]), '    </interface>'],
    (i, bad) => [`    <graphics type='vnc' port='${5900 + (i % 100)}' autoport='no' listen='${bad ? '0.0.0.0' : '127.0.0.1'}'>`, `      <listen type='address' address='${bad ? '0.0.0.0' : '127.0.0.1'}'/>`, '    </graphics>'],
    (i, bad) => (bad ? [`    <serial type='tcp'>`, `      <source mode='bind' host='0.0.0.0' service='${4000 + (i % 1000)}'/>`, "      <protocol type='telnet'/>", '    </serial>'] : ["    <serial type='pty'>", `      <target port='${i % 4}'/>`, '    </serial>']),
    (i, bad) => (bad ? ['    <!-- a comment about the next device -->', `    <hostdev mode='subsystem' type='pci' managed='yes'>`, `      <source><address domain='0x0000' bus='0x${hex(i)}' slot='0x00' function='0x0'/></source>`, '    </hostdev>'] : ['    <!-- a comment about the next device -->', "    <rng model='virtio'>", "      <backend model='random'>/dev/urandom</backend>", '    </rng>']),
  ];
  return fill(head, tail, lines, blocks, '    <!-- filler -->', badEvery);
}

/** An Ansible playbook for community.vmware of exactly `lines` lines. */
export function playbook(lines, badEvery = 4) {
  const head = ['---', '- name: Prepare the lab hosts', '  hosts: localhost', '  gather_facts: false', '  tasks:'];
  const tail = [''];
  const blocks = [
    (i, bad) => [`    - name: SSH on host ${i}`, '      community.vmware.vmware_host_service_manager:', `        esxi_hostname: "esx${i}.lab.example"`, '        service_name: TSM-SSH', `        state: ${bad ? 'present' : 'absent'}`],
    (i, bad) => [`    - name: Lab port group ${i}`, '      community.vmware.vmware_portgroup:', `        esxi_hostname: "esx${i}.lab.example"`, `        switch: vSwitch${i % 4}`, `        portgroup: lab-${i}`, `        vlan_id: ${i % 4094}`, '        security:', `          promiscuous_mode: ${bad ? 'true' : 'false'}`, '          forged_transmits: false', '          mac_changes: false'],
    (i, bad) => [`    - name: Grant role ${i}`, '      community.vmware.vmware_object_role_permission:', `        role: ${bad ? 'Admin' : 'ReadOnly'}`, `        principal: "CORP\\\\svc-${i}"`, `        object_name: ${bad ? 'rootFolder' : `vm-${i}`}`],
    (i, bad) => [`    - name: VM ${i}`, '      community.vmware.vmware_guest:', `        name: "vm-${i}"`, '        state: present', '        advanced_settings:', '          - key: isolation.tools.copy.disable', `            value: "${bad ? 'FALSE' : 'TRUE'}"`],
  ];
  return fill(head, tail, lines, blocks, '    # filler', badEvery);
}

/** A VMware .vmx of exactly `lines` lines; every key is set once, as in a real file. */
export function vmx(lines, badEvery = 2) {
  const head = ['.encoding = "UTF-8"', 'config.version = "8"', 'virtualHW.version = "13"', 'displayName = "bench-vm"', 'guestOS = "ubuntu-64"', 'RemoteDisplay.vnc.enabled = "TRUE"', 'RemoteDisplay.vnc.port = "5901"', 'isolation.tools.paste.disable = "FALSE"'];
  const blocks = [
    (i) => [`ethernet${i}.present = "TRUE"`, `ethernet${i}.virtualDev = "vmxnet3"`, `ethernet${i}.networkName = "VM Network ${i}"`, `ethernet${i}.addressType = "generated"`],
    (i) => [`scsi${i >> 4}:${i % 16}.present = "TRUE"`, `scsi${i >> 4}:${i % 16}.fileName = "disk-${i}.vmdk"`, `# disk ${i}`],
    (i, bad) => [`serial${i}.present = "TRUE"`, `serial${i}.fileType = "${bad ? 'network' : 'file'}"`, `serial${i}.fileName = "${bad ? `telnet://:${7000 + i}` : `serial-${i}.log`}"`],
  ];
  return fill(head, [''], lines, blocks, '# filler', badEvery);
}

function fill(head, tail, lines, blocks, filler, badEvery) {
  const out = [...head];
  const budget = lines - tail.length + 1; // the final '' in tail makes the last line end with \n
  for (let i = 0; ; i++) {
    const block = blocks[i % blocks.length](i, Math.floor(i / blocks.length) % badEvery === 0);
    if (out.length + block.length > budget) break;
    out.push(...block);
  }
  while (out.length < budget) out.push(filler); // whole blocks only, so the document stays well-formed
  return [...out, ...tail].join('\n');
}

function hex(n) {
  return (n & 0xff).toString(16).padStart(2, '0');
}

/** All regular files under `root` (sorted, relative paths). */
export function listFiles(root) {
  const out = [];
  const stack = [''];
  while (stack.length) {
    const rel = stack.pop();
    for (const name of readdirSync(join(root, rel)).sort().reverse()) {
      const r = rel ? join(rel, name) : name;
      const st = statSync(join(root, r));
      if (st.isDirectory()) stack.push(r);
      else if (st.isFile()) out.push(r);
    }
  }
  return out.sort();
}

/**
 * A synthetic estate of `total` files as host trees of `perHost` files each (`hNNNNN/etc/<path in
 * source>`, so each host is one cross-file scope and detection by file name still works), picked
 * from `source` with a stride so each host holds a mix of formats.
 */
export function hostEstate(source, dest, total, perHost = 50) {
  const files = listFiles(source).filter((f) => !/^(MANIFEST\.tsv|SOURCES\.md)$/.test(f));
  let stride = 7919;
  while (gcd(stride, files.length) !== 1) stride += 2;
  for (let n = 0; n < total; n++) {
    const rel = files[(n * stride) % files.length];
    const target = join(dest, `h${String(Math.floor(n / perHost)).padStart(5, '0')}`, 'etc', rel);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(source, rel), target);
  }
  return { files: total, hosts: Math.ceil(total / perHost) };
}

function gcd(a, b) {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * `hosts` hypervisor trees (`hNNNNN/etc/...` at the standard locations a host scan and the Ansible
 * collection read) made from the corpus: per host `perHost.domains` libvirt domains, one network, one
 * daemon config, two Proxmox VMs, one container, one interfaces file and one user.cfg, each picked
 * from its corpus folder with a stride so hosts differ. Returns the number of files written.
 */
export function fleetTrees(corpus, dest, hosts, perHost = { domains: 6 }) {
  const pool = (folder, keep = () => true) => listFiles(join(corpus, folder)).filter(keep).map((f) => join(corpus, folder, f));
  const picks = [
    [pool('libvirt-domain-xml'), perHost.domains, (i) => `etc/libvirt/qemu/vm${i}.xml`],
    [pool('libvirt-network-xml'), 1, () => 'etc/libvirt/qemu/networks/net0.xml'],
    [pool('libvirt-daemon-conf', (f) => /(^|\/)(libvirtd|qemu|virtqemud|virtproxyd)\.conf$/.test(f)), 1, (i, src) => `etc/libvirt/${src.split('/').at(-1)}`],
    [pool('proxmox-qemu-conf'), 2, (i) => `etc/pve/qemu-server/${100 + i}.conf`],
    [pool('proxmox-lxc-conf'), 1, (i) => `etc/pve/lxc/${200 + i}.conf`],
    [pool('debian-interfaces'), 1, () => 'etc/network/interfaces'],
    [pool('proxmox-user-cfg'), 1, () => 'etc/pve/user.cfg'],
  ];
  let written = 0;
  for (let h = 0; h < hosts; h++) {
    const root = join(dest, `h${String(h).padStart(5, '0')}`);
    for (const [files, count, pathOf] of picks) {
      if (!files.length) continue;
      let stride = 7919;
      while (gcd(stride, files.length) !== 1) stride += 2;
      for (let i = 0; i < count; i++) {
        const src = files[(h * count + i) * stride % files.length];
        const target = join(root, pathOf(i, src));
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(src, target);
        written++;
      }
    }
  }
  return written;
}
