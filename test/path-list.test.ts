import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PathList } from '../server/src/node/path-list';

// PathList keeps a scan's walked paths in little memory (shared prefixes, many paths per string):
// what it gives back must be exactly what was pushed, in order, whatever the characters.
const segment = fc.constantFrom('etc', 'libvirt', 'qemu', 'h00001', 'a:b', '😀', 'é', 'x', '36', ':0', '\uD83D');
const path = fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => `/${s.join('/')}`);

describe('PathList', () => {
  it('gives back every path pushed, by index and in order', () => {
    fc.assert(
      fc.property(fc.array(path, { maxLength: 700 }), (paths) => {
        const list = new PathList();
        for (const p of paths) list.push(p);
        assert.equal(list.length, paths.length);
        assert.deepEqual([...list], paths);
        for (let i = paths.length - 1; i >= 0; i -= 37) assert.equal(list.at(i), paths[i]);
      }),
      { seed: 20261202, numRuns: 60 },
    );
  });

  it('still reads the paths not forgotten once others are', () => {
    const paths = Array.from({ length: 1000 }, (_, i) => `/est/h${String(i >> 4).padStart(5, '0')}/etc/f${i}.xml`);
    const list = new PathList();
    for (const p of paths) list.push(p);
    // forget in walk order, as a scan takes its groups, reading each just before
    for (let i = 0; i < 600; i++) {
      assert.equal(list.at(i), paths[i]);
      list.forget(i);
    }
    for (let i = 600; i < 1000; i++) assert.equal(list.at(i), paths[i]);
  });

  it('reads paths out of order and forgets them out of order', () => {
    const paths = Array.from({ length: 700 }, (_, i) => `/srv/h${String(i >> 4).padStart(3, '0')}/etc:x/${i % 3 ? 'libvirt/qemu' : 'pve'}/vm${i}-ü𝔘.xml`);
    const list = new PathList();
    for (const p of paths) list.push(p);
    const order = paths.map((_, i) => (i * 7919) % paths.length);
    for (const i of order) {
      assert.equal(list.at(i), paths[i]);
      list.forget(i);
    }
  });
});
