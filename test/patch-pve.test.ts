import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseYaml } from '../server/src/formats/ansible/yaml';
import { pvePins } from '../server/src/formats/proxmox-common/pve-version';
import { parsePveversion } from '../server/src/formats/pveversion';
import { detectFormat } from '../server/src/catalog';
import { lintFixture } from './helpers/fixtures';

const pins = (text: string) => pvePins(text, parseYaml(text).comments).map((p) => `${p.version} ${p.major} ${text.slice(p.start, p.end)}`);

describe('Proxmox VE versions pinned in code', () => {
  it('an apt task pin, a list item, a variable; never a comment', () => {
    assert.deepEqual(pins('- apt:\n    name: pve-manager=7.4-3\n    state: present\n'), ['7.4-3 7 7.4-3']);
    assert.deepEqual(pins('- apt:\n    name:\n      - pve-manager=8.1.4\n      - qemu-server\n'), ['8.1.4 8 8.1.4']);
    assert.deepEqual(pins('pve_manager_version: "7.4-17"  # the validated release\n'), ['7.4-17 7 7.4-17']);
    assert.deepEqual(pins('- shell: apt-get install -y pve-manager=6.4-15\n'), ['6.4-15 6 6.4-15']);
    assert.deepEqual(pins('# - apt: { name: pve-manager=7.4-3 }\n# pve_manager_version: 7.4-3\nfoo: bar\n'), []);
    assert.deepEqual(pins('- apt:\n    name: "pve-manager={{ pve_manager_version }}"\n'), [], 'a template is no version');
    assert.deepEqual(pins('- apt:\n    name: my-pve-manager=7.4\n'), [], 'another package');
  });

  it('a task that removes the package names a version it does not install', () => {
    assert.deepEqual(pins('- apt:\n    name: pve-manager=7.4-3\n    state: absent\n'), []);
    assert.deepEqual(pins('- apt:\n    state: absent\n    name:\n      - pve-manager=7.4-3\n'), []);
    assert.deepEqual(pins('- apt: name=pve-manager=7.4-3 state=absent\n'), []);
    assert.deepEqual(pins('- apt:\r\n    name: pve-manager=7.4-3\r\n    state: absent\r\n'), [], 'CRLF');
    assert.deepEqual(pins('- apt:\r    name: pve-manager=7.4-3\r    state: absent\r'), [], 'CR only');
    // the next task's state is not this one's
    assert.deepEqual(pins('- apt:\n    name: pve-manager=7.4-3\n- apt:\n    name: foo\n    state: absent\n'), ['7.4-3 7 7.4-3']);
  });

  it('apt preferences: a pin holds above priority 500; a lower or negative priority holds nothing', () => {
    const pref = (priority: number) => pvePins(`Package: pve-manager\nPin: version 7.*\nPin-Priority: ${priority}\n`).map((p) => p.version);
    assert.deepEqual(pref(1001), ['7.*']);
    assert.deepEqual(pref(600), ['7.*']);
    assert.deepEqual(pref(500), []);
    assert.deepEqual(pref(-1), []);
    assert.deepEqual(pvePins('Package: qemu-server\nPin: version 7.*\nPin-Priority: 1001\n'), []);
    assert.deepEqual(pvePins('Package: pve-manager\nPin: release a=bullseye\nPin-Priority: 1001\n'), [], 'a release pin names no version');
  });

  it('many pins cost linear time (each looks at a bounded number of lines around it)', () => {
    const text = '- apt:\n    name: pve-manager=7.4-3\n'.repeat(5000) + `x: ${'y'.repeat(200_000)}\n`;
    assert.equal(pvePins(text).length, 5000);
  });
});

describe('pveversion output', () => {
  it('reads pve-manager from `pveversion -v` and `pveversion`, with its range', () => {
    const v = 'proxmox-ve: 8.1.0 (running kernel: 6.5.11-8-pve)\npve-manager: 8.1.4 (running version: 8.1.4/ec5affc9e41f1d79)\nceph: not correctly installed\n';
    const r = parsePveversion(v);
    assert.equal(v.slice(r.model.manager!.start, r.model.manager!.end), '8.1.4');
    assert.deepEqual(r.diagnostics, []);
    assert.equal(parsePveversion('pve-manager/6.4-15/af7986e6 (running kernel: 5.4.203-1-pve)\n').model.manager?.version, '6.4-15');
    assert.equal(detectFormat('/support/pveversion.txt', v)?.id, 'pveversion');
    assert.notEqual(detectFormat('/notes/readme.txt', 'proxmox is great\npve-manager: 8.1.4\n')?.id, 'pveversion');
  });

  it('a line that is not `package: version` is a diagnostic, never a crash', () => {
    const r = parsePveversion('pve-manager: 7.4-17 (running version: 7.4-17/513c62be)\n<html>oops</html>\n');
    assert.equal(r.model.manager?.major, 7);
    assert.equal(r.diagnostics.length, 1);
  });

  it('PATCH-HOST-EOL leaves a Proxmox VE host to PATCH-PVE-EOL: one finding per host', () => {
    const status = 'Package: base-files\nStatus: install ok installed\nVersion: 11.1+deb11u11\n\nPackage: qemu-server\nStatus: install ok installed\nVersion: 7.4-4\n\nPackage: pve-qemu-kvm\nStatus: install ok installed\nVersion: 7.2.0-8\n\nPackage: pve-manager\nStatus: install ok installed\nVersion: 7.4-17\n';
    const ids = lintFixture('/host/var/lib/dpkg/status', status).findings.filter((f) => f.ruleId.startsWith('PATCH-')).map((f) => f.ruleId);
    assert.deepEqual(ids, ['PATCH-PVE-EOL']);
  });
});
