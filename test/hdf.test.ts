/**
 * `--format hdf`: Heimdall Data Format (InSpec exec JSON) of the findings of rules that map to DISA STIG
 * ids, checked against a schema written from the documented shape (MITRE SAF / InSpec exec JSON), with
 * suppressions carried as waivers.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { allRules } from '../server/src/catalog';
import { stigControls, stigOf } from '../server/src/report/hdf';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const INSECURE = readFileSync(join(ROOT, 'examples', 'vmware', 'build-fw-lab.vmx'), 'utf8');

const str = { type: 'string' };
const nullable = (t: string) => ({ type: [t, 'null'] });
/** The exec JSON shape Heimdall reads: what is required, and the types of what we write. */
const HDF_SCHEMA = {
  type: 'object',
  required: ['platform', 'version', 'statistics', 'profiles'],
  properties: {
    platform: { type: 'object', required: ['name', 'release'], properties: { name: str, release: str, target_id: nullable('string') } },
    version: str,
    statistics: {
      type: 'object',
      properties: {
        duration: nullable('number'),
        controls: { type: 'object', properties: Object.fromEntries(['passed', 'failed', 'skipped'].map((k) => [k, { type: 'object', required: ['total'], properties: { total: { type: 'number' } } }])) },
      },
    },
    profiles: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'sha256', 'supports', 'attributes', 'groups', 'controls'],
        properties: {
          name: str,
          sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          supports: { type: 'array' },
          attributes: { type: 'array', items: { type: 'object' } },
          groups: { type: 'array', items: { type: 'object', required: ['id', 'controls'], properties: { id: str, title: nullable('string'), controls: { type: 'array', items: str } } } },
          controls: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'title', 'desc', 'impact', 'refs', 'tags', 'source_location', 'results'],
              properties: {
                id: str,
                title: nullable('string'),
                desc: nullable('string'),
                descriptions: { type: 'array', items: { type: 'object', required: ['label', 'data'], properties: { label: str, data: str } } },
                impact: { type: 'number', minimum: 0, maximum: 1 },
                refs: { type: 'array', items: { type: 'object', anyOf: [{ required: ['ref'] }, { required: ['url'] }, { required: ['uri'] }] } },
                tags: { type: 'object' },
                code: nullable('string'),
                source_location: { type: 'object', properties: { ref: nullable('string'), line: nullable('number') } },
                results: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    required: ['code_desc', 'start_time', 'status'],
                    properties: { status: { enum: ['passed', 'failed', 'skipped', 'error'] }, code_desc: str, start_time: str, message: nullable('string'), skip_message: nullable('string'), run_time: nullable('number') },
                  },
                },
                waiver_data: {
                  type: 'object',
                  required: ['justification', 'run', 'skipped_due_to_waiver'],
                  properties: { justification: str, run: { const: false }, skipped_due_to_waiver: { const: true }, message: nullable('string'), expiration_date: nullable('string') },
                },
              },
            },
          },
        },
      },
    },
  },
};

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scan(vmx: string, ...args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'vharden-hdf-'));
  writeFileSync(join(dir, 'vm.vmx'), vmx);
  const r = cli(['scan', '--format', 'hdf', ...args, '.'], dir);
  assert.equal(r.stderr, '');
  return { code: r.code, hdf: JSON.parse(r.stdout) };
}

const control = (hdf: any, id: string) => hdf.profiles[0].controls.find((c: any) => c.id === id);

describe('HDF report', () => {
  it('maps only DISA STIG references, never analogues of another product', () => {
    assert.deepEqual(stigOf({ source: 'DISA STIG (VMware vSphere 8.0)', id: 'ESXI-80-000193 (V-258754)' }), { stigId: 'ESXI-80-000193', vid: 'V-258754', benchmark: 'VMware vSphere 8.0' });
    assert.equal(stigOf({ source: 'DISA STIG (VMware vSphere 8.0 (analogue))', id: 'VMCH-80-000214' }), undefined);
    assert.equal(stigOf({ source: 'DISA STIG (VMware vSphere 8.0)', id: 'VMCH-80-000214 (analogue)' }), undefined);
    assert.equal(stigOf({ source: 'NIST SP 800-125B', id: 'VM Traffic Monitoring' }), undefined);
    const mapped = new Set(stigControls().flatMap((c) => c.rules.map((r) => r.meta.id)));
    for (const rule of allRules()) assert.equal(mapped.has(rule.meta.id), rule.meta.references.some((r) => stigOf(r)), rule.meta.id);
    assert.ok(!mapped.has('DOM-HOSTDEV-PASSTHRU') && !mapped.has('PVE-VM-PASSTHRU'));
  });

  it('the README lists every STIG id with the rules that map to it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const list = stigControls().map((c) => `- \`${c.stigId}\`${c.vid ? ` (${c.vid})` : ''}, ${c.benchmark}: ${c.rules.map((r) => r.meta.id).join(', ')}`).join('\n');
    assert.ok(readme.includes(`<summary>DISA STIG ids in the HDF report</summary>\n\n${list}\n\n</details>`), `README should list:\n${list}`);
  });

  describe('CLI', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
    it('is valid exec JSON; a suppression with a reason becomes a waiver', () => {
      const vmx = INSECURE.replace('usb_xhci.present = "TRUE"', 'usb_xhci.present = "TRUE" # vharden-ignore VMX-ISO-USB -- smart-card reader');
      const { code, hdf } = scan(vmx);
      assert.equal(code, 1);
      const ajv = new Ajv({ allErrors: true, strict: false });
      const validate = ajv.compile(HDF_SCHEMA);
      const valid: boolean = validate(hdf) as boolean;
      assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));

      const usb = control(hdf, 'VMCH-80-000213');
      assert.equal(usb.tags.gid, 'V-258726');
      assert.deepEqual(usb.tags.vharden_rules, ['VMX-ISO-USB']);
      assert.equal(usb.impact, 0.5);
      assert.equal(usb.waiver_data.justification, 'vm.vmx:21: smart-card reader');
      assert.equal(usb.waiver_data.run, false);
      assert.equal(usb.waiver_data.skipped_due_to_waiver, true);
      assert.deepEqual(usb.results.map((r: any) => [r.status, r.code_desc]), [['skipped', 'VMX-ISO-USB at vm.vmx:21']]);
      assert.match(usb.results[0].skip_message, /smart-card reader/);

      const vnc = control(hdf, 'VMCH-70-000021');
      assert.ok(vnc.results.some((r: any) => r.status === 'failed' && r.code_desc === 'VMX-CONSOLE-VNC at vm.vmx:17'));
      assert.equal(vnc.waiver_data, undefined);
      assert.equal(vnc.impact, 0.7); // the worst default severity of the control's rules (VMX-CONSOLE-VNC: high)

      // every control is a STIG id; the statistics count them by status
      const controls = hdf.profiles[0].controls;
      for (const c of controls) assert.match(c.id, /^[A-Z]+-\d+-\d{6}$/);
      const total = hdf.statistics.controls;
      assert.equal(total.passed.total + total.failed.total + total.skipped.total, controls.length);
      assert.deepEqual(hdf.profiles[0].groups.flatMap((g: any) => g.controls).sort(), controls.map((c: any) => c.id).sort());
    });

    it('a control whose rules checked the files and found nothing passes; one no rule could judge is skipped', () => {
      const { code, hdf } = scan(readFileSync(join(ROOT, 'examples', 'vmware', 'db01-hardened.vmx'), 'utf8'));
      assert.equal(code, 0);
      const usb = control(hdf, 'VMCH-80-000213');
      assert.deepEqual(usb.results.map((r: any) => r.status), ['passed']);
      assert.match(usb.results[0].code_desc, /^VMX-ISO-USB: no finding in 1 scanned file it checks \(vmx\)$/);
      const esx = control(hdf, 'ESXI-80-000047'); // ESXADV-MOB: no esx.conf or host settings scanned
      assert.deepEqual(esx.results.map((r: any) => r.status), ['skipped']);
      assert.match(esx.results[0].skip_message, /^Not checked: no file ESXADV-MOB checks/);
    });

    it('a rule turned off is not reported as passed', () => {
      const { hdf } = scan(readFileSync(join(ROOT, 'examples', 'vmware', 'db01-hardened.vmx'), 'utf8'), '--rule', 'VMX-ISO-*=off');
      const usb = control(hdf, 'VMCH-80-000213');
      assert.deepEqual(usb.results.map((r: any) => r.status), ['skipped']);
      assert.match(usb.results[0].skip_message, /VMX-ISO-USB is turned off/);
    });

    it('a control with waived and active findings fails and carries no control-level waiver', () => {
      const vmx = INSECURE.replace('isolation.tools.copy.disable = "FALSE"', 'isolation.tools.copy.disable = "FALSE"\nisolation.tools.paste.disable = "FALSE"');
      const lines = vmx.split('\n');
      const { hdf } = scan(vmx);
      const clip = control(hdf, 'VMCH-80-000189');
      const failed = clip.results.filter((r: any) => r.status === 'failed');
      assert.ok(failed.length >= 2, JSON.stringify(clip.results));
      const line = Number(/:(\d+)$/.exec(failed[0].code_desc)![1]);
      lines[line - 1] += ` # vharden-ignore ${clip.tags.vharden_rules[0]} -- lab clipboard`;
      const after = control(scan(lines.join('\n')).hdf, 'VMCH-80-000189');
      assert.equal(after.waiver_data, undefined);
      assert.ok(after.results.some((r: any) => r.status === 'failed'));
      assert.ok(after.results.some((r: any) => r.status === 'skipped' && /lab clipboard/.test(r.skip_message)));
    });
  });
});
