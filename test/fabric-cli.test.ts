import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function scanJson(args: string[], cwd = ROOT): any {
  const r = spawnSync(process.execPath, [CLI, 'scan', ...args, '--format', 'json', '--fail-on', 'never'], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('vharden scan: cross-file mirror findings', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  it('reports the unmirrored bridge of examples/host-kvm01 naming its VMs, and nothing for the mirrored host-kvm02', () => {
    const out = scanJson(['examples/host-kvm01', 'examples/host-kvm02']);
    const mir = out.findings.filter((f: any) => f.ruleId.includes('-MIR-'));
    assert.equal(mir.length, 1, JSON.stringify(mir));
    assert.equal(mir[0].ruleId, 'OVS-MIR-MISSING');
    assert.equal(mir[0].path, 'examples/host-kvm01/etc/network/interfaces');
    assert.equal(mir[0].severity, 'medium');
    assert.match(mir[0].message, /VM 201 \(web01\) and VM 202 \(db01\)/);
  });

  it('scanning only the bridge file finds no guests, so nothing is reported (the scope is what was scanned)', () => {
    const out = scanJson(['examples/host-kvm01/etc/network/interfaces']);
    assert.deepEqual(out.findings.filter((f: any) => f.ruleId.includes('-MIR-')), []);
  });

  it('.vharden.yaml policy: a bridge outside monitoring.requiredFor is a hint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vharden-fabric-cli-'));
    try {
      cpSync(join(ROOT, 'examples', 'host-kvm01'), join(dir, 'host-kvm01'), { recursive: true });
      mkdirSync(join(dir, '.git')); // the repository's config applies to the subfolder scanned (the search stops at the git root)
      writeFileSync(join(dir, '.vharden.yaml'), 'monitoring:\n  requiredFor: [br-prod*]\n');
      const out = scanJson(['host-kvm01'], dir);
      const mir = out.findings.filter((f: any) => f.ruleId === 'OVS-MIR-MISSING');
      assert.equal(mir.length, 1);
      assert.equal(mir[0].severity, 'info');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
