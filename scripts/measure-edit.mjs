#!/usr/bin/env node
// didChange → publishDiagnostics latency of the language server, for the lead to compare builds.
//
//   node scripts/measure-edit.mjs [--server NAME=path/to/server.js]... [--rounds 5] [--edits 200] [--hosts 1000]
//                                 [--loose] [--only CASE-SUBSTRING] [--node-args 'ARGS FOR THE SERVER']
//
// Cases: (a) a 60-line domain XML in a host tree, with no workspace and with a workspace of
// 10 files × `--hosts` host trees (one cross-file scope per host), indexed before the edits start
// (with --loose, the same files in plain project folders: one loose scope split by folder);
// (b) a 5,000-line playbook. Each edit appends a character to the content of a line, the next one
// takes it away again, at lines spread over the document (as typing does), and waits for the
// diagnostics of its version. Builds run interleaved (A, B, A, B … with the order alternating per
// round); each round gives p50 and p95 per case and build, and the table shows the medians over
// rounds. Without --server, the build in dist/ is measured alone.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const servers = [];
for (let i = 0; i < args.length; i++) if (args[i] === '--server') servers.push(args[++i]);
const builds = (servers.length ? servers : [`dist=${join(REPO, 'dist', 'server.js')}`]).map((s) => {
  const eq = s.indexOf('=');
  return eq > 0 ? { name: s.slice(0, eq), path: s.slice(eq + 1) } : { name: s, path: s };
});
const ROUNDS = Number(opt('rounds', 5));
const EDITS = Number(opt('edits', 200));
const HOSTS = Number(opt('hosts', 1000));
const only = opt('only', '');
const LOOSE = args.includes('--loose');
/** extra arguments for the server's node, e.g. --node-args '--cpu-prof --cpu-prof-dir=/tmp/prof' */
const nodeArgs = opt('node-args', '').split(' ').filter(Boolean);

// ------------------------------------------------------------------ inputs

function domainXml(name, bridge, lines = 60) {
  const out = [
    "<domain type='kvm'>",
    `  <name>${name}</name>`,
    "  <memory unit='KiB'>4194304</memory>",
    "  <vcpu placement='static'>4</vcpu>",
    '  <os>',
    "    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>",
    '  </os>',
    '  <devices>',
    "    <disk type='file' device='disk'>",
    "      <driver name='qemu' type='qcow2'/>",
    `      <source file='/var/lib/libvirt/images/${name}.qcow2'/>`,
    "      <target dev='vda' bus='virtio'/>",
    '    </disk>',
    "    <interface type='bridge'>",
    `      <source bridge='${bridge}'/>`,
    "      <model type='virtio'/>",
    '    </interface>',
    "    <graphics type='vnc' port='5901' autoport='no' listen='0.0.0.0'>",
    "      <listen type='address' address='0.0.0.0'/>",
    '    </graphics>',
    "    <serial type='pty'>",
    "      <target port='0'/>",
    '    </serial>',
  ];
  const tail = ['  </devices>', '</domain>', ''];
  for (let i = 0; out.length + tail.length < lines + 1; i++) {
    const block = [`    <disk type='file' device='disk'>`, `      <source file='/var/lib/libvirt/images/${name}-${i}.qcow2'/>`, `      <target dev='vd${String.fromCharCode(98 + (i % 24))}' bus='virtio'/>`, '    </disk>'];
    if (out.length + tail.length + block.length > lines + 1) {
      out.push('    <!-- spare -->');
      continue;
    }
    out.push(...block);
  }
  return [...out, ...tail].join('\n');
}

function playbook(lines) {
  const head = ['---', '- name: Prepare the lab hosts', '  hosts: localhost', '  gather_facts: false', '  tasks:'];
  const blocks = [
    (i, bad) => [`    - name: SSH on host ${i}`, '      community.vmware.vmware_host_service_manager:', `        esxi_hostname: "esx${i}.lab.example"`, '        service_name: TSM-SSH', `        state: ${bad ? 'present' : 'absent'}`],
    (i, bad) => [`    - name: Lab port group ${i}`, '      community.vmware.vmware_portgroup:', `        esxi_hostname: "esx${i}.lab.example"`, `        switch: vSwitch${i % 4}`, `        portgroup: lab-${i}`, `        vlan_id: ${i % 4094}`, '        security:', `          promiscuous_mode: ${bad ? 'true' : 'false'}`, '          forged_transmits: false', '          mac_changes: false'],
    (i, bad) => [`    - name: Grant role ${i}`, '      community.vmware.vmware_object_role_permission:', `        role: ${bad ? 'Admin' : 'ReadOnly'}`, `        principal: "CORP\\\\svc-${i}"`, `        object_name: ${bad ? 'rootFolder' : `vm-${i}`}`],
    (i, bad) => [`    - name: VM ${i}`, '      community.vmware.vmware_guest:', `        name: "vm-${i}"`, '        state: present', '        advanced_settings:', '          - key: isolation.tools.copy.disable', `            value: "${bad ? 'FALSE' : 'TRUE'}"`],
  ];
  const out = [...head];
  for (let i = 0; ; i++) {
    const block = blocks[i % blocks.length](i, Math.floor(i / blocks.length) % 4 === 0);
    if (out.length + block.length > lines) break;
    out.push(...block);
  }
  while (out.length < lines) out.push('    # filler');
  return `${out.join('\n')}\n`;
}

/** One host tree: bridges, a qemu.conf, six domains and two Proxmox guests, ten files. */
function writeHost(dir, h) {
  const put = (path, text) => {
    // loose: no host tree (no etc/ folder), every file directly in the project folder
    const rel = LOOSE ? path.split('/').pop() : path;
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  put('etc/network/interfaces', `auto lo\niface lo inet loopback\n\nauto vmbr0\niface vmbr0 inet static\n    address 10.${h >> 8}.${h & 255}.2/24\n    bridge-ports eno1\n    bridge-stp off\n\nauto vmbr1\niface vmbr1 inet manual\n    bridge-ports eno2\n`);
  put('etc/libvirt/qemu.conf', 'vnc_listen = "127.0.0.1"\nuser = "qemu"\ngroup = "qemu"\n');
  for (let v = 0; v < 6; v++) put(`etc/libvirt/qemu/guest${v}.xml`, domainXml(`h${h}-guest${v}`, v % 2 ? 'vmbr1' : 'vmbr0', 30));
  for (let v = 0; v < 2; v++) put(`etc/pve/qemu-server/${100 + v}.conf`, `boot: order=scsi0\ncores: 2\nmemory: 2048\nname: h${h}-pve${v}\nnet0: virtio=52:54:00:12:${String(v).padStart(2, '0')}:01,bridge=vmbr0\nscsi0: local-lvm:vm-${100 + v}-disk-0,size=32G\nostype: l26\n`);
}

/** Edits that append a character to a line's content and take it away again, at `count` lines spread over the text. */
function spreadEdits(text, count, pick) {
  const lines = text.split('\n');
  const candidates = lines.map((l, i) => (pick(l) ? i : -1)).filter((i) => i >= 0);
  const pairs = Math.ceil(count / 2);
  const out = [];
  for (let k = 0; k < pairs; k++) {
    // evenly spread, visited in an order that jumps around the document
    const line = candidates[Math.floor((((k * 7919) % pairs) * candidates.length) / pairs)];
    const at = lines[line].length;
    out.push({ line, character: at, insert: 'x' });
    out.push({ line, character: at, remove: 1 });
  }
  return out.slice(0, count);
}

// ------------------------------------------------------------------ a client

class Server {
  constructor(path) {
    this.proc = spawn(process.execPath, [...nodeArgs, path, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => (this.stderr += String(d)));
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.proc.stdout), new rpc.StreamMessageWriter(this.proc.stdin));
    this.waiters = [];
    this.published = 0;
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      this.published++;
      const at = performance.now();
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || p.version !== w.version) return true;
        w.resolve(at);
        return false;
      });
    });
    this.conn.onNotification('vharden/status', () => undefined);
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.listen();
  }

  async initialize(folder) {
    const folders = folder ? [{ uri: pathToFileURL(folder).href, name: 'ws' }] : null;
    await this.conn.sendRequest('initialize', { processId: process.pid, rootUri: folders?.[0]?.uri ?? null, workspaceFolders: folders, capabilities: { workspace: { workspaceFolders: true } }, initializationOptions: {} });
    await this.conn.sendNotification('initialized', {});
  }

  diagnostics(uri, version, timeoutMs = 60_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms ${this.stderr}`)), timeoutMs);
      this.waiters.push({ uri, version, resolve: (at) => { clearTimeout(timer); resolve(at); } });
    });
  }

  /** Resolves when the server has used no CPU for `quietMs` (the workspace index sends no message when done). */
  async idle(quietMs = 500) {
    const cpu = () => {
      const f = readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(f[11]) + Number(f[12]);
    };
    let last = cpu();
    let since = performance.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const now = cpu();
      if (now !== last) {
        last = now;
        since = performance.now();
      } else if (performance.now() - since > quietMs) return;
    }
  }

  async close() {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* gone */
    }
    this.conn.dispose();
    this.proc.kill();
  }
}

/** Open `text`, run `edits` one after another, each waited for; latencies in ms. */
async function editLatencies(server, uri, languageId, text, edits) {
  let v = 1;
  const opened = server.diagnostics(uri, v);
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: v, text } });
  await opened;
  const out = [];
  for (const e of edits) {
    v++;
    const range = { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.character + (e.remove ?? 0) } };
    const done = server.diagnostics(uri, v);
    const t0 = performance.now();
    await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range, text: e.insert ?? '' }] });
    out.push((await done) - t0);
  }
  await server.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return out;
}

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
const median = (xs) => quantile(xs, 0.5);
const r2 = (x) => Math.round(x * 100) / 100;

// ------------------------------------------------------------------ cases

const tmp = mkdtempSync(join(tmpdir(), 'vh-measure-edit-'));
const solo = join(tmp, 'solo');
const ws = join(tmp, 'ws');
const xmlText = domainXml('edited', 'vmbr0', 60);
const xmlEdits = spreadEdits(xmlText, EDITS, (l) => /\S/.test(l) && !l.includes('<?xml'));
const pbText = playbook(5000);
const pbEdits = spreadEdits(pbText, EDITS, (l) => /\S/.test(l) && l.trim() !== '---');
mkdirSync(join(solo, 'etc', 'libvirt', 'qemu'), { recursive: true });
writeFileSync(join(solo, 'etc', 'libvirt', 'qemu', 'edited.xml'), xmlText);
const t0 = performance.now();
for (let h = 0; h < HOSTS; h++) writeHost(join(ws, `host${String(h).padStart(5, '0')}`), h);
const editedRel = LOOSE ? ['host00000', 'edited.xml'] : ['host00000', 'etc', 'libvirt', 'qemu', 'edited.xml'];
writeFileSync(join(ws, ...editedRel), xmlText);
console.error(`workspace: ${HOSTS * 10 + 1} files in ${HOSTS} ${LOOSE ? 'project folders' : 'host trees'}, written in ${Math.round(performance.now() - t0)} ms (${tmp})`);

const cases = [
  { name: '60-line domain XML, no workspace', folder: undefined, uri: pathToFileURL(join(solo, 'etc', 'libvirt', 'qemu', 'edited.xml')).href, languageId: 'xml', text: xmlText, edits: xmlEdits },
  { name: `60-line domain XML, workspace of ${HOSTS * 10 + 1} files${LOOSE ? ' (loose)' : ''}`, folder: ws, uri: pathToFileURL(join(ws, ...editedRel)).href, languageId: 'xml', text: xmlText, edits: xmlEdits },
  { name: '5,000-line playbook, no workspace', folder: undefined, uri: pathToFileURL(join(solo, 'site.yml')).href, languageId: 'yaml', text: pbText, edits: pbEdits },
].filter((c) => !only || c.name.includes(only));

const results = new Map(); // `${case}\0${build}` → { p50: [], p95: [], published: [] }
try {
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...builds].reverse() : builds;
    for (const c of cases) {
      for (const b of order) {
        const server = new Server(b.path);
        await server.initialize(c.folder);
        await server.idle(c.folder ? 1000 : 200);
        const before = server.published;
        const lat = await editLatencies(server, c.uri, c.languageId, c.text, c.edits);
        const published = server.published - before;
        await server.close();
        const key = `${c.name}\0${b.name}`;
        if (!results.has(key)) results.set(key, { p50: [], p95: [], published: [] });
        const r = results.get(key);
        r.p50.push(median(lat));
        r.p95.push(quantile(lat, 0.95));
        r.published.push(published);
        console.error(`round ${round + 1}/${ROUNDS} ${b.name}: ${c.name}: p50 ${r2(median(lat))} ms, p95 ${r2(quantile(lat, 0.95))} ms, ${published} publishDiagnostics for ${c.edits.length + 1} versions`);
      }
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

console.log(`\n| Case | Build | p50 (ms) | p95 (ms) | publishDiagnostics per run |\n|---|---|---|---|---|`);
for (const c of cases) {
  for (const b of builds) {
    const r = results.get(`${c.name}\0${b.name}`);
    console.log(`| ${c.name} | ${b.name} | ${r2(median(r.p50))} | ${r2(median(r.p95))} | ${median(r.published)} |`);
  }
}
console.log(`\n${EDITS} edits per run, ${ROUNDS} rounds interleaved; medians over rounds of each round's p50 and p95.`);
