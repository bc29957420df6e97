import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allFormats, contradicts, detectFormat } from '../server/src/catalog';
import { decodeBytes } from '../server/src/engine/decode';
import { lfBreaks } from '../server/src/engine/text';
import type { Format } from '../server/src/engine/types';
import { CORPUS, filesUnder, hasCorpus } from './helpers/corpus';

// Detection skips the formats a text's first character rules out (catalog.ts `ruledOut`). These
// tests hold it to the plain definition: the first format, in registry order, whose content check
// accepts the text.

const ROOT = join(__dirname, '..');
const SET_ASIDE = /\.(pac(new|save|orig)|rpm(new|save|orig)|dpkg-(old|new|dist|bak|tmp)|ucf-(old|new|dist))$/i;

/** Every format asked in turn, as detection was defined before signatures. */
function inTurn(path: string, raw: string): Format<any> | undefined {
  const normalized = path.replace(/\\/g, '/');
  const formats = allFormats();
  const byPath = formats.find((f) => f.matchesPath(normalized));
  const text = lfBreaks(raw);
  if (SET_ASIDE.test(normalized)) return undefined;
  if (byPath && !contradicts(byPath, text)) return byPath;
  return formats.find((f) => f !== byPath && f.matchesContent?.(text, normalized));
}

function same(path: string, text: string): void {
  assert.equal(detectFormat(path, text)?.id, inTurn(path, text)?.id, `${path}: ${JSON.stringify(text.slice(0, 120))}`);
}

/** Texts where the first character and the rest disagree, or templates and prologs come first. */
const TRICKY: [string, string][] = [
  ['vm.xml', "<domain type='kvm'>\nconfig.version = \"8\"\ndisplayName = \"x\"\nvirtualHW.version = \"13\"\n</domain>\n"],
  ['notes.txt', '<?xml version="1.0"?>\n<domain type="kvm"><devices/></domain>\n'],
  ['a.conf', '{% if x %}\nlisten_tcp = 1\n{% endif %}\n<domain type="kvm"/>\n'],
  ['a.conf', '<% if x %>\nlisten_tcp = 1\n<% end %>\n'],
  ['b.conf', '{#\nbootdisk: scsi0\n[x]\n#}\n<domain type="kvm"/>\n'],
  ['100.conf', '\uFEFF  \n\t<domain type="kvm"/>\nbootdisk: scsi0\nmemory: 2048\n'],
  ['user.cfg', '\n\n<x/>\nuser:root@pam:1:0:::\n'],
  ['interfaces', '<!-- a comment -->\niface vmbr0 inet manual\n'],
  ['net.sh', '<x>\novs-vsctl add-br br0\n'],
  ['esx.conf', '/net/a = "1"\n/adv/b = "2"\n/c = "3"\n'],
  ['x', '\u00a0<domain type="kvm"/>\nlisten_tcp = 1\n'],
  ['x', '\r\r<network><name>n</name></network>\r'],
  ['x', '<\n'],
  ['x', ''],
  ['etc/pve/datacenter.cfg', '<cfg/>\n'],
  ['etc/libvirt/qemu/x.xml', 'keyboard: en-us\n'],
];

describe('detection by signature gives what asking every format in turn gives', () => {
  it('tricky texts: XML after blanks, templates or a BOM, key lines inside XML', () => {
    for (const [path, text] of TRICKY) same(path, text);
  });

  it('every fixture and example file', () => {
    const files = [...filesUnder(join(ROOT, 'test', 'fixtures')), ...filesUnder(join(ROOT, 'examples'))];
    assert.ok(files.length > 100);
    for (const f of files) same(relative(ROOT, f), decodeBytes(readFileSync(f)).text);
  });

  it('every corpus file', { skip: hasCorpus ? false : 'corpus missing' }, () => {
    for (const f of filesUnder(CORPUS)) same(relative(CORPUS, f), decodeBytes(readFileSync(f)).text);
  });

  it('random mixtures of lines from every format, blanks, prologs and templates', () => {
    const pool = new Set<string>();
    for (const f of filesUnder(join(ROOT, 'test', 'fixtures', 'rules'))) for (const l of decodeBytes(readFileSync(f)).text.split('\n').slice(0, 40)) pool.add(l);
    for (const [, t] of TRICKY) for (const l of t.split('\n')) pool.add(l);
    const lines = [...pool, '', ' ', '\t', '\uFEFF', '<?xml version="1.0"?>', '<!-- c -->', '<!DOCTYPE x>', '{% if a %}', '{# x', '#}', '<%', '%>', '[section]', '#!/bin/sh', '<domain type="kvm">', '<network>', '<pool type="dir">'];
    const paths = ['x', 'a.xml', 'b.yml', 'c.conf', 'run.sh', 'etc/pve/qemu-server/100.conf', 'etc/pve/lxc/101.conf', 'etc/libvirt/qemu/vm.xml', 'etc/network/interfaces', 'esx.conf', 'vm.vmx', 'etc/pve/user.cfg', 'datacenter.cfg', 'host_vars/esx.yml', 'etc/netplan/01.yaml', 'cluster.fw'];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.array(fc.constantFrom(...lines), { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), (path, ls, eol) => same(path, ls.join(eol))),
      { numRuns: 2000, seed: 20261202 },
    );
  });
});
