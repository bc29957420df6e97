import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { advisoriesCommand } from '../server/src/cli/advisories';
import { dataDir, installBundle, loadInstalledData } from '../server/src/node/data-store';
import { runScan } from '../server/src/node/run-scan';
import { writeAllAtomically } from '../server/src/node/safe-write';
import { BUNDLED_GUESTS } from '../server/src/rules/patch/guests';
import { BUNDLED_HYPERVISORS } from '../server/src/rules/patch/hypervisors';

const tmp = () => mkdtempSync(join(tmpdir(), 'vharden-data-'));
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A bundle folder with newer guest-os.json and hypervisors.json (and SHA256SUMS unless `sums` is false). */
function bundle(opts: { sums?: boolean; updated?: string; guests?: (g: typeof BUNDLED_GUESTS) => void } = {}): string {
  const dir = tmp();
  const updated = opts.updated ?? '2099-01-01';
  const guests = structuredClone(BUNDLED_GUESTS);
  guests.updated = updated;
  opts.guests?.(guests);
  const files: Record<string, string> = {
    'guest-os.json': JSON.stringify(guests),
    'hypervisors.json': JSON.stringify({ ...BUNDLED_HYPERVISORS, updated }),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  if (opts.sums !== false) writeFileSync(join(dir, 'SHA256SUMS'), Object.entries(files).map(([n, t]) => `${sha(t)}  ${n}\n`).join(''));
  return dir;
}

const io = () => {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } };
};

describe('vharden advisories update', () => {
  it('installs a checked bundle; the installed data is used while newer than the bundled data', () => {
    const store = join(tmp(), 'data');
    const r = installBundle(bundle(), store);
    assert.ok(!('error' in r), JSON.stringify(r));
    assert.deepEqual(r.installed.map((f) => f.file).sort(), ['guest-os.json', 'hypervisors.json']);
    assert.deepEqual(readdirSync(store).sort(), ['guest-os.json', 'hypervisors.json'], 'no temporary or backup files left');
    const loaded = loadInstalledData(store, false);
    assert.equal(loaded.data.guests?.updated, '2099-01-01');
    assert.equal(loaded.data.hypervisors?.updated, '2099-01-01');
    assert.equal(loaded.data.advisories, undefined);
  });

  it('a corrupt bundle is refused with the reason, and the data installed before stays in place', () => {
    const store = join(tmp(), 'data');
    assert.ok(!('error' in installBundle(bundle({ updated: '2098-01-01' }), store)));
    const before = readFileSync(join(store, 'guest-os.json'), 'utf8');

    // a file changed after its checksum was written
    const changed = bundle();
    writeFileSync(join(changed, 'hypervisors.json'), readFileSync(join(changed, 'hypervisors.json'), 'utf8').replace('"proxmox"', ' "proxmox"'));
    const r1 = installBundle(changed, store);
    assert.match((r1 as { error: string }).error, /hypervisors\.json does not match its SHA-256 .* nothing was installed/);

    // a file that does not match its schema (no checksum file)
    const wrong = bundle({ sums: false, guests: (g) => void ((g.families[0] as { end?: string }).end = 'soon') });
    const r2 = installBundle(wrong, store);
    assert.match((r2 as { error: string }).error, /guest-os\.json does not match the schema .*families\[0\]\.end/);

    // not JSON at all
    const broken = bundle({ sums: false });
    writeFileSync(join(broken, 'guest-os.json'), '{"updated": "2099-01-01", ');
    assert.match((installBundle(broken, store) as { error: string }).error, /not valid JSON/);

    assert.equal(readFileSync(join(store, 'guest-os.json'), 'utf8'), before);
    assert.deepEqual(readdirSync(store).sort(), ['guest-os.json', 'hypervisors.json']);
  });

  it('a bundle not newer than the data in use installs nothing', () => {
    const r = installBundle(bundle({ updated: '2001-01-01' }), join(tmp(), 'data'));
    assert.match((r as { error: string }).error, /nothing to install: guest-os\.json is of 2001-01-01, not newer/);
  });

  it('one file with FILE.sha256 beside it', () => {
    const dir = bundle({ sums: false });
    const text = readFileSync(join(dir, 'guest-os.json'), 'utf8');
    writeFileSync(join(dir, 'guest-os.json.sha256'), `${sha(text + ' ')}  guest-os.json\n`);
    assert.match((installBundle(join(dir, 'guest-os.json'), join(tmp(), 'data')) as { error: string }).error, /does not match its SHA-256/);
    writeFileSync(join(dir, 'guest-os.json.sha256'), `${sha(text)}  guest-os.json\n`);
    const r = installBundle(join(dir, 'guest-os.json'), join(tmp(), 'data'));
    assert.deepEqual(!('error' in r) && r.installed.map((f) => f.file), ['guest-os.json']);
  });

  it('a failure while the files are renamed into place puts back the ones already replaced', () => {
    const store = tmp();
    writeFileSync(join(store, 'a.json'), 'old a');
    writeFileSync(join(store, 'b.json'), 'old b');
    let n = 0;
    const failing = (from: string, to: string) => {
      if (++n === 2) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      renameSync(from, to);
    };
    const err = writeAllAtomically([{ path: join(store, 'a.json'), bytes: Buffer.from('new a') }, { path: join(store, 'c.json'), bytes: Buffer.from('new c') }, { path: join(store, 'b.json'), bytes: Buffer.from('new b') }], 0o644, failing);
    assert.match(err ?? '', /^write failed: /);
    assert.equal(readFileSync(join(store, 'a.json'), 'utf8'), 'old a');
    assert.equal(readFileSync(join(store, 'b.json'), 'utf8'), 'old b');
    assert.deepEqual(readdirSync(store).sort(), ['a.json', 'b.json']);
  });

  it('the CLI command installs, then status shows the installed dates and a refused bundle exits 2', () => {
    const home = tmp();
    const env = { XDG_DATA_HOME: home };
    const a = io();
    assert.equal(advisoriesCommand(['update', '--from', bundle()], a.io, env), 0);
    assert.match(a.out.stdout, /Installed guest-os\.json of 2099-01-01 \(was \d{4}-\d{2}-\d{2}\)/);
    assert.match(a.out.stdout, /Checked against .*SHA256SUMS/);
    assert.equal(dataDir(env), join(home, 'vharden', 'data'));
    const s = io();
    assert.equal(advisoriesCommand(['status'], s.io, env, '2099-06-01'), 0);
    assert.match(s.out.stdout, /Guest OS end-of-support dates: 2099-01-01 \(151 days old, over 90: VH-DATA-STALE\), installed /);
    assert.match(s.out.stdout, /VMware advisories and end-of-support dates: \d{4}-\d{2}-\d{2} \(\d+ days old.*bundled advisories\.json/);
    const bad = bundle({ updated: '2099-02-01' });
    writeFileSync(join(bad, 'guest-os.json'), '[]');
    const b = io();
    assert.equal(advisoriesCommand(['update', '--from', bad], b.io, env), 2);
    assert.match(b.out.stderr, /advisories update refused: .*SHA-256/);
    assert.throws(() => advisoriesCommand(['update'], io().io, env), /needs --from/);
  });

  it('scans judge with the installed data: a newer end date in the bundle changes the finding', () => {
    const root = tmp();
    mkdirSync(join(root, 'vms'));
    writeFileSync(join(root, 'vms', 'db.vmx'), '.encoding = "UTF-8"\nconfig.version = "8"\ndisplayName = "db"\nguestOS = "rhel7-64"\n');
    const guestEol = (data?: ReturnType<typeof loadInstalledData>['data']) =>
      runScan({ paths: [root], configFiles: false, data }).result.files.flatMap((f) => f.findings).filter((f) => f.ruleId === 'PATCH-GUEST-EOL');
    assert.equal(guestEol().length, 1);
    const store = join(tmp(), 'data');
    const extended = bundle({ guests: (g) => void Object.assign(g.families.find((f) => f.id === 'rhel-7')!, { end: '2098-01-01', extendedEnd: undefined, extended: undefined }) });
    assert.ok(!('error' in installBundle(extended, store)));
    assert.deepEqual(guestEol(loadInstalledData(store, false).data), []);
  });
});
