import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultConfig } from '../server/src/engine/config';
import { scopeOf } from '../server/src/engine/fabric';
import { Session, sameFindings, type FileSettings } from '../server/src/engine/session';
import { signature } from './helpers/session';
import type { Finding } from '../server/src/engine/types';

const config = defaultConfig();
const settingsOf = (path: string): FileSettings => ({ config, ignored: false, scope: scopeOf(path, '/ws') });

/** Files of two host trees and a workspace folder, each with a few texts that add or take away switches, guests and mirrors. */
const FILES: Record<string, string[]> = {
  '/h1/etc/network/interfaces': [
    'auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno1\n',
    'auto vmbr0\niface vmbr0 inet manual\n\tovs_type OVSBridge\n\tovs_ports eno1\n',
    'auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno1\n\tpost-up tc qdisc add dev vmbr0 ingress; tc filter add dev vmbr0 parent ffff: matchall action mirred egress mirror dev ids0\n',
    '',
  ],
  '/h1/etc/pve/qemu-server/100.conf': ['name: web\nnet0: virtio=AA:BB:CC:00:00:01,bridge=vmbr0\n', 'name: web\nnet0: virtio=AA:BB:CC:00:00:01,bridge=vmbr1\n', 'name: web\n'],
  '/h1/etc/pve/qemu-server/101.conf': ['name: db\nnet0: virtio=AA:BB:CC:00:00:02,bridge=vmbr0,firewall=1\n', 'name: db\nnet0: e1000=AA:BB:CC:00:00:02,bridge=vmbr0\nnet1: virtio=AA:BB:CC:00:00:03,bridge=vmbr1\n'],
  '/h2/etc/network/interfaces': ['auto vmbr1\niface vmbr1 inet manual\n\tbridge-ports eno2\n', 'auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno2\n'],
  '/h2/etc/pve/qemu-server/200.conf': ['name: app\nnet0: virtio=AA:BB:CC:00:01:01,bridge=vmbr1\n', 'name: app\nnet0: virtio=AA:BB:CC:00:01:01,bridge=vmbr0\n'],
  '/ws/br.sh': [
    '#!/bin/sh\novs-vsctl add-br br0\novs-vsctl add-port br0 vnet0\n',
    '#!/bin/sh\novs-vsctl add-br br0\novs-vsctl add-port br0 vnet0\novs-vsctl -- --id=@p get port ids0 -- --id=@m create mirror name=m0 select-all=true output-port=@p -- set bridge br0 mirrors=@m\n',
  ],
  '/ws/vm.vmx': ['config.version = "8"\ndisplayName = "x"\nRemoteDisplay.vnc.enabled = "TRUE"\n', 'config.version = "8"\ndisplayName = "x"\n'],
};
const PATHS = Object.keys(FILES);

type Op = { kind: 'update'; path: string; text: number } | { kind: 'remove'; path: string };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('update' as const), path: fc.constantFrom(...PATHS), text: fc.nat(3) }),
  fc.record({ kind: fc.constant('remove' as const), path: fc.constantFrom(...PATHS) }),
);

function textOf(path: string, n: number): string {
  const texts = FILES[path]!;
  return texts[n % texts.length]!;
}

function snapshot(s: Session): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of [...s.paths()].sort()) out[p] = signature(s.findings(p));
  return out;
}

describe('Session (the one path from texts to findings)', () => {
  it('any sequence of updates and removes gives the findings of a fresh session on the final texts', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const live = new Session(settingsOf);
        const final = new Map<string, string>();
        for (const o of ops) {
          if (o.kind === 'update') {
            const text = textOf(o.path, o.text);
            live.update({ path: o.path, text });
            final.set(o.path, text);
          } else {
            live.remove(o.path);
            final.delete(o.path);
          }
        }
        const fresh = new Session(settingsOf);
        for (const [path, text] of [...final].reverse()) fresh.update({ path, text });
        assert.deepEqual(snapshot(live), snapshot(fresh));
      }),
      { numRuns: Number(process.env.VH_FUZZ_RUNS ?? 600), seed: 14 },
    );
  });

  it('update reports exactly the files whose findings changed', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 20 }), (ops) => {
        const s = new Session(settingsOf);
        let before = snapshot(s);
        for (const o of ops) {
          const changed = o.kind === 'update' ? s.update({ path: o.path, text: textOf(o.path, o.text) }) : s.remove(o.path);
          const after = snapshot(s);
          for (const p of new Set([...Object.keys(before), ...Object.keys(after)])) {
            if (before[p] !== after[p]) assert.ok(changed.has(p), `${p} changed but was not reported`);
          }
          before = after;
        }
      }),
      { numRuns: Number(process.env.VH_FUZZ_RUNS ?? 600), seed: 15 },
    );
  });

  it('an edit re-judges only its own scope: another host tree keeps its findings objects', () => {
    const s = new Session(settingsOf);
    s.update({ path: '/h2/etc/network/interfaces', text: FILES['/h2/etc/network/interfaces']![0]! });
    s.update({ path: '/h2/etc/pve/qemu-server/200.conf', text: FILES['/h2/etc/pve/qemu-server/200.conf']![0]! });
    s.update({ path: '/h1/etc/network/interfaces', text: FILES['/h1/etc/network/interfaces']![0]! });
    const h2 = s.findings('/h2/etc/network/interfaces');
    assert.ok(h2.some((f) => f.ruleId === 'PVE-BRIDGE-MIR-MISSING'), 'h2 bridge with a guest and no mirror is reported');
    const changed = s.update({ path: '/h1/etc/pve/qemu-server/100.conf', text: FILES['/h1/etc/pve/qemu-server/100.conf']![0]! });
    assert.ok(changed.has('/h1/etc/network/interfaces'), 'the h1 bridge now carries a guest');
    assert.ok(!changed.has('/h2/etc/network/interfaces'), 'h2 is another scope');
  });

  it('a file that stops defining its switch takes the switch\'s cross-file findings with it', () => {
    const s = new Session(settingsOf);
    s.update({ path: '/h1/etc/network/interfaces', text: FILES['/h1/etc/network/interfaces']![0]! });
    s.update({ path: '/h1/etc/pve/qemu-server/100.conf', text: FILES['/h1/etc/pve/qemu-server/100.conf']![0]! });
    assert.deepEqual(s.findings('/h1/etc/network/interfaces').map((f) => f.ruleId), ['PVE-BRIDGE-MIR-MISSING']);
    const changed = s.update({ path: '/h1/etc/network/interfaces', text: '' });
    assert.ok(changed.has('/h1/etc/network/interfaces'));
    assert.deepEqual(s.findings('/h1/etc/network/interfaces'), []);
  });

  it('findings are copies: a baseline applied on read never changes what the session keeps', () => {
    const baseline = { version: 1 as const, tool: 'vharden' as const, created: '', pathsRelativeTo: 'baseline-file' as const, entries: [{ path: 'vm.vmx', ruleId: 'VMX-CONSOLE-VNC', locator: 'remotedisplay.vnc.enabled', count: 1 }] };
    const s = new Session((path) => ({ ...settingsOf(path), baseline: { id: '/ws/.vharden-baseline.json', baseline, relPath: 'vm.vmx' } }));
    s.update({ path: '/ws/vm.vmx', text: FILES['/ws/vm.vmx']![0]! });
    const vnc = s.findings('/ws/vm.vmx').find((f) => f.ruleId === 'VMX-CONSOLE-VNC');
    assert.ok(vnc, 'VNC finding');
    assert.equal(vnc.severity, 'info');
    assert.ok(vnc.baselined);
    const own = s.ownResult('/ws/vm.vmx')!.findings.find((f) => f.ruleId === 'VMX-CONSOLE-VNC')!;
    assert.equal(own.baselined, undefined);
    assert.notEqual(own.severity, 'info');
    assert.deepEqual(s.staleBaselineEntries(), []);
    s.update({ path: '/ws/vm.vmx', text: FILES['/ws/vm.vmx']![1]! });
    assert.equal(s.staleBaselineEntries().length, 1, 'the fixed finding leaves its baseline entry stale');
  });
});

describe('sameFindings', () => {
  it('says two finding lists are the same exactly when their signatures are', () => {
    const finding = fc.record({
      ruleId: fc.constantFrom('VMX-A', 'VMX-B'),
      start: fc.nat({ max: 3 }),
      end: fc.nat({ max: 3 }),
      severity: fc.constantFrom('low', 'high'),
      suppressed: fc.option(fc.boolean(), { nil: undefined }),
      message: fc.constantFrom('m', 'n'),
      line: fc.nat({ max: 2 }),
    }) as unknown as fc.Arbitrary<Finding>;
    const list = fc.option(fc.array(finding, { maxLength: 3 }), { nil: undefined });
    fc.assert(
      fc.property(list, list, (a, b) => {
        assert.equal(sameFindings(a, b), signature(a) === signature(b));
        assert.ok(sameFindings(a, a?.map((f) => ({ ...f }))));
      }),
      { numRuns: 2000 },
    );
  });
});
