import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultConfig } from '../server/src/engine/config';
import { lintTogether } from './helpers/session';
import { cpuNow } from './helpers/cpu-time';

const PATHS = ['h/etc/network/interfaces', 'h/build.sh', 'h/etc/netplan/01.yaml', 'h/etc/openvswitch/conf.db'];
const ALPHABET = ['ovs-vsctl ', 'add-br ', 'br0 ', 'add-port ', 'tap1i0 ', '-- ', '--id=@m ', 'create mirror ', 'select-all=true ', 'output-port=@m ', 'set bridge br0 mirrors=@m ', '"', "'", '\\', '\n', '$(', ')', '`', '${IFACE}', 'iface ', 'vmbr0 ', 'inet manual\n', '  ovs_type OVSBridge\n', '  ovs_extra ', '  bridge-ports ', 'network:\n', '  version: 2\n', '  bridges:\n', '    br0: {interfaces: [tap1i0]}\n', 'OVSDB JSON 10 abc\n', '{"name":"Open_vSwitch"}', '{"Bridge":{"u":{"name":"br0"}}}', '<<EOF\n', 'EOF\n', '#', ';', '&&', '|', ' tc filter add dev x action mirred egress mirror dev y\n'];

function lintAll(text: string): void {
  const results = lintTogether(PATHS.map((path) => ({ path, text, config: defaultConfig(), root: 'h' })));
  for (const r of results) {
    for (const f of r.findings) {
      assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `${r.path}: ${f.ruleId} range ${f.start}-${f.end} in ${text.length}`);
      assert.notEqual(f.ruleId, 'VH-RULE-ERROR', f.message);
      assert.ok(!(f.ruleId === 'VH-PARSE-ERROR' && f.message.includes('could not parse this')), `parser threw: ${f.message}`);
    }
  }
}

describe('fabric inputs under hostile text', () => {
  it('random mixes of shell, ifupdown, netplan and OVSDB tokens never throw and keep ranges inside the text', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }), (parts) => lintAll(parts.join(''))), { numRuns: 300 });
  });
  it('large pathological inputs finish quickly (linear scans)', () => {
    const cases = ['"'.repeat(200_000), "ovs-vsctl add-br '".repeat(20_000), '\\\n'.repeat(100_000), '$('.repeat(50_000), 'iface a inet manual\n  ovs_extra ' + '-- '.repeat(100_000), 'OVSDB JSON 1 a\n'.repeat(50_000)];
    for (const text of cases) {
      const t0 = cpuNow();
      lintAll(text);
      assert.ok(cpuNow() - t0 < 5000, `took ${cpuNow() - t0} ms for ${JSON.stringify(text.slice(0, 20))}…`);
    }
  });
});
