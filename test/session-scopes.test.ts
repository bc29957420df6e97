import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultConfig } from '../server/src/engine/config';
import { scopeOf } from '../server/src/engine/fabric';
import { Session, type FileSettings } from '../server/src/engine/session';
import type { Finding } from '../server/src/engine/types';

// A keystroke re-judges only the cross-file scope its file belongs to: in a workspace folder of
// unrelated projects (a loose scope), only the folder group of the edited file.

const config = defaultConfig();
const settingsOf = (path: string): FileSettings => ({ config, ignored: false, scope: scopeOf(path, '/ws') });

const bridge = (name: string) => `#!/bin/sh\novs-vsctl add-br ${name}\novs-vsctl add-port ${name} vnet0\n`;
const mirror = (name: string) => `#!/bin/sh\novs-vsctl -- --id=@p get port ids0 -- --id=@m create mirror name=m0 select-all=true output-port=@p -- set bridge ${name} mirrors=@m\n`;
/** A bridge with a guest, its missing mirror suppressed by `comment` (whose spacing a keystroke changes). */
const suppressed = (comment: string) => `#!/bin/sh\n${comment}\novs-vsctl add-br br0\novs-vsctl add-port br0 vnet0\n`;
const guest = (name: string) => `#!/bin/sh\novs-vsctl add-port ${name} vnet7\n`;

/** Loose folders (nested and side by side) and a host tree, each file with texts that add, rename or take away bridges, guests and mirrors. */
const FILES: Record<string, string[]> = {
  '/ws/a/br.sh': [bridge('br0'), bridge('br1'), '', bridge('br0').replace('add-port br0', 'add-port  br0'), bridge('br0').replace(/\n/g, ' \n')],
  '/ws/a/mirror.sh': [mirror('br0'), mirror('br1'), '#!/bin/sh\n'],
  '/ws/a/sub/guest.sh': [guest('br0'), guest('br1'), bridge('br0'), guest('br0').replace('vnet7', 'vnet7  ')],
  '/ws/a/sub/deeper/guest.sh': [guest('br1'), mirror('br1')],
  '/ws/b/br.sh': [bridge('br0'), `${bridge('br0')}${mirror('br0').slice(10)}`, bridge('br0').replace('add-br', 'add-br '), suppressed('# vharden-ignore OVS-MIR-MISSING -- lab bridge'), suppressed('# vharden-ignore  OVS-MIR-MISSING -- lab bridge')],
  '/ws/c/br.sh': [bridge('br2'), guest('br2')],
  '/ws/top.sh': [mirror('br0'), bridge('br9'), ''],
  '/h1/etc/network/interfaces': ['auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno1\n', 'auto vmbr1\niface vmbr1 inet manual\n\tbridge-ports eno1\n', 'auto vmbr0\niface  vmbr0 inet manual\n\tbridge-ports eno1 \n'],
  '/h1/etc/pve/qemu-server/100.conf': ['name: web\nnet0: virtio=AA:BB:CC:00:00:01,bridge=vmbr0\n', 'name: web\n', 'name:  web\nnet0: virtio=AA:BB:CC:00:00:01,bridge=vmbr0 \n'],
};
const PATHS = Object.keys(FILES);

/** Every finding of every file, all of its fields (positions, suppression, object). */
function snapshot(s: Session): Record<string, Finding[]> {
  const out: Record<string, Finding[]> = {};
  for (const p of [...s.paths()].sort()) out[p] = s.findings(p);
  return out;
}

/** A session over the given files, with the groups it judged recorded in `judged`. */
function session(judged: string[] = []): Session {
  return new Session(settingsOf, { onJudge: (g) => judged.push(g) });
}

function indexed(paths: string[], judged: string[]): Session {
  const s = session(judged);
  s.batch(() => {
    for (const p of paths) s.update({ path: p, text: FILES[p]![0]! });
  });
  judged.length = 0;
  return s;
}

describe('Session: a keystroke re-judges only its own scope', () => {
  it('an edit in one folder of a loose workspace judges that folder group and no other', () => {
    const judged: string[] = [];
    const s = indexed(PATHS.filter((p) => p !== '/ws/top.sh'), judged);
    assert.ok(s.findings('/ws/b/br.sh').some((f) => f.ruleId === 'OVS-MIR-MISSING'), 'the b bridge carries a guest and has no mirror');
    s.update({ path: '/ws/b/br.sh', text: FILES['/ws/b/br.sh']![1]! });
    assert.deepEqual(judged, ['dir:/ws/b']);
    assert.ok(!s.findings('/ws/b/br.sh').some((f) => f.ruleId === 'OVS-MIR-MISSING'), 'the mirror now in the same file is seen');
    judged.length = 0;
    s.update({ path: '/ws/a/sub/guest.sh', text: FILES['/ws/a/sub/guest.sh']![1]! });
    assert.deepEqual(judged, ['dir:/ws/a']);
    judged.length = 0;
    s.update({ path: '/h1/etc/pve/qemu-server/100.conf', text: FILES['/h1/etc/pve/qemu-server/100.conf']![1]! });
    assert.deepEqual(judged, ['host:/h1']);
  });

  it('a file at the top of the folder joins every group under it, and edits then judge that one group', () => {
    const judged: string[] = [];
    const s = indexed(PATHS.filter((p) => p !== '/ws/top.sh'), judged);
    s.update({ path: '/ws/top.sh', text: FILES['/ws/top.sh']![0]! });
    assert.deepEqual(judged, ['dir:/ws'], 'the a, b and c groups are emptied (nothing to judge) and /ws judged once');
    assert.ok(!s.findings('/ws/b/br.sh').some((f) => f.ruleId === 'OVS-MIR-MISSING'), 'the top-level mirror on br0 now covers b');
    judged.length = 0;
    s.update({ path: '/ws/c/br.sh', text: FILES['/ws/c/br.sh']![1]! });
    assert.deepEqual(judged, ['dir:/ws']);
  });

  it('a keystroke within a line moves the file\'s cross-file findings and their templates without judging its scope again', () => {
    const judged: string[] = [];
    const s = indexed(PATHS.filter((p) => p !== '/ws/top.sh'), judged);
    const before = s.findings('/ws/b/br.sh').find((f) => f.ruleId === 'OVS-MIR-MISSING')!;
    assert.ok(before.templates?.length, 'the missing mirror comes with a commented snippet to insert');
    const moved = bridge('br0').replace('add-br', 'add-br ');
    s.update({ path: '/ws/b/br.sh', text: moved });
    assert.deepEqual(judged, [], 'nothing the cross-file rules read changed');
    const after = s.findings('/ws/b/br.sh').find((f) => f.ruleId === 'OVS-MIR-MISSING')!;
    assert.deepEqual([after.start, after.end, after.character, after.line], [before.start + 1, before.end + 1, before.character + 1, before.line]);
    assert.equal(after.templates![0]!.edits[0]!.start, before.templates![0]!.edits[0]!.start + 1);
    const fresh = session();
    fresh.batch(() => PATHS.filter((p) => p !== '/ws/top.sh').forEach((p) => fresh.update({ path: p, text: p === '/ws/b/br.sh' ? moved : FILES[p]![0]! })));
    assert.deepEqual(snapshot(s), snapshot(fresh));
    // a line more moves the facts to other lines: judged again
    s.update({ path: '/ws/b/br.sh', text: `\n${moved}` });
    assert.deepEqual(judged, ['dir:/ws/b']);
  });

  it('when groups merge, the emptied groups judged after the merged one take none of its findings away', () => {
    const files: [string, string][] = [['/ws/a/br.sh', bridge('br0')], ['/ws/b/br.sh', bridge('br0')], ['/ws/top.sh', bridge('br9')]];
    const live = session();
    for (const [path, text] of files) live.update({ path, text });
    const fresh = session();
    fresh.batch(() => files.forEach(([path, text]) => fresh.update({ path, text })));
    for (const path of ['/ws/a/br.sh', '/ws/b/br.sh']) assert.ok(live.findings(path).some((f) => f.ruleId === 'OVS-MIR-MISSING'), `${path}: its bridge carries a guest, and no mirror in /ws covers it`);
    assert.deepEqual(snapshot(live), snapshot(fresh));
  });

  it('a file that joins or splits groups judges exactly the groups whose folders changed', () => {
    const judged: string[] = [];
    const s = indexed(PATHS.filter((p) => p !== '/ws/top.sh' && p !== '/ws/a/br.sh' && p !== '/ws/a/mirror.sh'), judged);
    // /ws/a holds no file with facts: /ws/a/sub is its own group, /ws/a/sub/deeper joins it
    s.update({ path: '/ws/a/br.sh', text: FILES['/ws/a/br.sh']![0]! });
    assert.deepEqual(judged, ['dir:/ws/a'], 'the sub group is emptied (nothing to judge) and a judged once');
    judged.length = 0;
    s.remove('/ws/a/br.sh');
    assert.deepEqual(judged, ['dir:/ws/a/sub'], 'the a group is gone (nothing to judge), sub is its own again');
    assert.deepEqual(snapshot(s), snapshot(indexed(PATHS.filter((p) => p !== '/ws/top.sh' && p !== '/ws/a/br.sh' && p !== '/ws/a/mirror.sh'), [])));
  });

  it('after any sequence of edits (mirrors added and removed, bridges renamed, files deleted) the findings equal a full recompute', () => {
    type Op = { kind: 'update'; path: string; text: number } | { kind: 'remove'; path: string };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('update' as const), path: fc.constantFrom(...PATHS), text: fc.nat(7) }),
      fc.record({ kind: fc.constant('remove' as const), path: fc.constantFrom(...PATHS) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.boolean(), (ops, batched) => {
        const live = session();
        const final = new Map<string, string>();
        const apply = (o: Op) => {
          if (o.kind === 'update') {
            const texts = FILES[o.path]!;
            const text = texts[o.text % texts.length]!;
            live.update({ path: o.path, text });
            final.set(o.path, text);
          } else {
            live.remove(o.path);
            final.delete(o.path);
          }
        };
        // half the runs start from an indexed workspace (one batch), as the editor does
        if (batched) live.batch(() => ops.slice(0, ops.length >> 1).forEach(apply));
        for (const o of batched ? ops.slice(ops.length >> 1) : ops) apply(o);
        const fresh = session();
        fresh.batch(() => {
          for (const [path, text] of [...final].reverse()) fresh.update({ path, text });
        });
        assert.deepEqual(snapshot(live), snapshot(fresh));
      }),
      { numRuns: Number(process.env.VH_FUZZ_RUNS ?? 600), seed: 41 },
    );
  });
});
