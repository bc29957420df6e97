import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PASSWORD = 'Zq7-console-pw';

/**
 * A test-driver node: a persistent running guest with VNC on 0.0.0.0 on network `lan`, a transient
 * guest with a console password, a shut-off guest with a name that is not a safe file name, a
 * persistent network. UUIDs are fixed: without them the test driver makes new ones on each connection.
 */
export function testNode(dir: string): string {
  const path = join(dir, 'node.xml');
  writeFileSync(
    path,
    `<node>
  <domain type='test'>
    <name>web</name>
    <uuid>8f1e2d3c-0000-4000-8000-000000000001</uuid>
    <memory>1048576</memory>
    <os><type>hvm</type></os>
    <devices>
      <interface type='network'><mac address='52:54:00:00:00:01'/><source network='lan'/></interface>
      <graphics type='vnc' port='-1' listen='0.0.0.0'/>
    </devices>
  </domain>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>scratch</name>
    <uuid>8f1e2d3c-0000-4000-8000-000000000002</uuid>
    <memory>1048576</memory>
    <os><type>hvm</type></os>
    <devices>
      <graphics type='vnc' port='5901' passwd='${PASSWORD}'/>
    </devices>
    <test:transient/>
  </domain>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>..</name>
    <uuid>8f1e2d3c-0000-4000-8000-000000000003</uuid>
    <memory>1048576</memory>
    <os><type>hvm</type></os>
    <test:runstate>5</test:runstate>
  </domain>
  <network>
    <name>lan</name>
    <uuid>8f1e2d3c-0000-4000-8000-000000000004</uuid>
    <bridge name='virbr9'/>
    <forward mode='nat'/>
    <ip address='10.9.0.1' netmask='255.255.255.0'/>
  </network>
</node>
`,
  );
  return path;
}
