import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigResolver } from '../server/src/node/config-search';

// `vharden scan a.xml b.xml …` makes every path a stop folder for the upward .vharden.yaml search;
// the deepest stop folder that holds a file bounds its search, however many there are.
describe('config search with many stop folders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vh-roots-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'a', 'b', 'c'), { recursive: true });
  writeFileSync(join(dir, '.vharden.yaml'), 'maxFileSize: 1000\n');
  writeFileSync(join(dir, 'a', '.vharden.yaml'), 'maxFileSize: 2000\n');
  const files = Array.from({ length: 3000 }, (_, i) => join(dir, 'a', 'b', 'c', `f${i}.xml`));

  it('the deepest stop folder holding the file bounds the search; file paths as stops bound nothing', () => {
    const r = new ConfigResolver([dir, ...files, join(dir, 'a', 'b')]);
    assert.equal(r.findConfigFile(files[0]!), undefined, 'a/b is the deepest stop: a/.vharden.yaml is above it');
    assert.equal(r.findConfigFile(join(dir, 'a', 'x.vmx')), join(dir, 'a', '.vharden.yaml'));
    const outer = new ConfigResolver([dir, ...files]);
    assert.equal(outer.findConfigFile(files[0]!), join(dir, 'a', '.vharden.yaml'));
    assert.equal(outer.findConfigFile(join(dir, 'top.vmx')), join(dir, '.vharden.yaml'));
    const none = new ConfigResolver(files);
    assert.equal(none.findConfigFile(files[1]!), undefined, 'no stop folder holds the file: only its own folder is searched');
    for (const f of files) assert.equal(outer.findConfigFile(f), join(dir, 'a', '.vharden.yaml'));
  });
});
