import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultHints } from '../server/src/engine/assist';
import { defaultConfig } from '../server/src/engine/config';
import { scopeOf } from '../server/src/engine/fabric';
import { switchLenses } from '../server/src/engine/lenses';
import { permissionLenses } from '../server/src/engine/acl-lenses';
import { ALL_PRIVILEGES } from '../server/src/formats/proxmox-user/privileges';
import { Session } from '../server/src/engine/session';

const IFACES = 'auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno1\n\tbridge-stp off\n\nauto vmbr1\niface vmbr1 inet manual\n\tbridge-ports none\n';
const VM = (id: number, bridge: string) => `name: vm${id}\nnet0: virtio=BC:24:11:00:00:0${id},bridge=${bridge},firewall=1\nnet1: virtio=BC:24:11:00:01:0${id},bridge=${bridge},firewall=1\n`;

function session(files: Record<string, string>): Session {
  const s = new Session(() => ({ config: defaultConfig(), ignored: false, scope: '' }));
  s.setSettingsSource((path) => ({ config: defaultConfig(), ignored: false, scope: scopeOf(path) }));
  s.batch(() => {
    for (const [path, text] of Object.entries(files)) s.update({ path, text });
  });
  return s;
}

test('code lens above each bridge: the guests on it (a guest with two NICs counts once) and whether it is mirrored', () => {
  const s = session({ '/h/etc/network/interfaces': IFACES, '/h/etc/pve/qemu-server/100.conf': VM(1, 'vmbr0'), '/h/etc/pve/qemu-server/101.conf': VM(2, 'vmbr0') });
  const linked = s.linkedFacts('/h/etc/network/interfaces')!;
  const lenses = switchLenses(linked.key, linked.facts, '/h/etc/network/interfaces');
  assert.deepEqual(lenses.map((l) => [l.line, l.title]), [[1, '2 guests · not mirrored'], [6, '0 guests · not mirrored']]);
  assert.deepEqual(switchLenses(linked.key, linked.facts, '/h/etc/pve/qemu-server/100.conf'), [], 'a guest config defines no switch');
});

test('code lens names the mirror destination', () => {
  const ovs = 'ovs-vsctl add-br br0\novs-vsctl add-port br0 tap100i0\novs-vsctl add-port br0 ids0\novs-vsctl -- set Bridge br0 mirrors=@m -- --id=@o get Port ids0 -- --id=@m create Mirror name=span select_all=true output_port=@o\n';
  const s = session({ '/h/etc/ovs/setup.sh': ovs, '/h/etc/pve/qemu-server/100.conf': VM(1, 'br0') });
  const linked = s.linkedFacts('/h/etc/ovs/setup.sh')!;
  assert.deepEqual(switchLenses(linked.key, linked.facts, '/h/etc/ovs/setup.sh').map((l) => l.title), ['1 guest · mirrored to ids0']);
  assert.equal(s.linkedFacts('/nowhere'), undefined);
});

test('inlay hints: the default of an omitted option or [OPTIONS] key that a rule judges, at the end of its line', () => {
  const vm = 'name: web\nnet0: virtio=BC:24:11:00:00:01,bridge=vmbr0\nnet1: virtio=BC:24:11:00:00:02,bridge=vmbr0,firewall=1\n';
  const hints = defaultHints('proxmox-vm', vm);
  assert.deepEqual(hints.map((h) => [vm.slice(0, h.offset).split('\n').length, h.label]), [[2, 'firewall=0']]);
  assert.equal(hints[0]!.offset, vm.indexOf('\nnet1'));
  assert.match(hints[0]!.tooltip, /PVE-VM-NET-FIREWALL/);
  const fw = '[OPTIONS]\nmacfilter: 0\n\n[RULES]\nIN ACCEPT -p tcp -dport 22\n';
  assert.deepEqual(defaultHints('proxmox-firewall', fw).map((h) => [h.offset, h.label]), [[9, 'enable: 0 · policy_in: DROP']]);
  assert.deepEqual(defaultHints('vmx', 'usb.present = "TRUE"\n'), []);
});

test('permission lens above each Proxmox acl line: roles, path, propagation and the privileges, custom roles of the same file resolved', () => {
  const cfg = [
    'user:alice@pve:1:0::::::',
    'group:ops:alice@pve::',
    'role:acl_manager:Permissions.Modify,Sys.Audit:',
    'role:viewer:VM.Audit:',
    'acl:1:/:@ops:Administrator:',
    'acl:0:/vms/100:alice@pve:PVEVMUser,viewer:',
    'acl:1:/pool/lab:alice@pve:acl_manager:',
    'acl:1:/storage:alice@pve:NoAccess:',
    'acl:1:/sdn:alice@pve:Deployer:',
    '',
  ].join('\n');
  assert.deepEqual(permissionLenses('proxmox-user', cfg).map((l) => [l.line, l.title]), [
    [4, `Administrator on / (propagates) for @ops: all ${ALL_PRIVILEGES.size} privileges incl. Permissions.Modify, Sys.Modify`],
    [5, 'PVEVMUser, viewer on /vms/100 (this path only) for alice@pve: 10 privileges incl. VM.Console, VM.PowerMgmt'],
    [6, 'acl_manager on /pool/lab (propagates) for alice@pve: 2 privileges: Permissions.Modify, Sys.Audit · can grant itself any role here (Permissions.Modify)'],
    [7, 'NoAccess on /storage (propagates) for alice@pve: no privileges (NoAccess overrides the other roles here)'],
    [8, 'No role defined above this line on /sdn (propagates) for alice@pve: Proxmox ignores this acl'],
  ]);
  const first = permissionLenses('proxmox-user', cfg)[0]!;
  assert.deepEqual([first.character, first.endLine, first.endCharacter], [0, 4, 'acl:1:/:@ops:Administrator:'.length]);
  assert.deepEqual(permissionLenses('vmx', 'usb.present = "TRUE"\n'), [], 'other formats get no permission lens');
});

const PLAY = `- hosts: localhost
  tasks:
    - name: Create deploy role
      community.vmware.vmware_local_role_manager:
        local_role_name: deploy
        local_privilege_ids:
          - VirtualMachine.Interact.PowerOn
          - VirtualMachine.GuestOperations.Execute
          - Authorization.ModifyPermissions
          - System.View
    - name: Grant deploy
      community.vmware.vmware_object_role_permission:
        role: deploy
        principal: VSPHERE.LOCAL\\ops
        object_name: DC1
        object_type: Datacenter
    - name: Grant admin
      community.vmware.vmware_object_role_permission:
        role: Admin
        group: VSPHERE.LOCAL\\admins
        object_name: rootFolder
    - name: Read only
      community.vmware.vmware_object_role_permission:
        role: ReadOnly
        principal: VSPHERE.LOCAL\\audit
        object_name: web01
        object_type: VirtualMachine
        recursive: false
    - name: Elsewhere
      community.vmware.vmware_object_role_permission:
        role: ops-role
        principal: VSPHERE.LOCAL\\ops
        object_name: Prod
`;

test('permission lens above each vCenter permission of a playbook: the custom role of the same play resolved, the privileges a rule reports first; system roles; the module defaults', () => {
  assert.deepEqual(permissionLenses('ansible', PLAY).map((l) => [l.line, l.title]), [
    [12, 'deploy on Datacenter DC1 (propagates) for VSPHERE.LOCAL\\ops: 4 privileges incl. Authorization.ModifyPermissions (VC-PRIV-AUTHZ), VirtualMachine.GuestOperations.Execute (VC-PRIV-GUESTOPS)'],
    [18, 'Admin on Folder rootFolder (propagates) for group VSPHERE.LOCAL\\admins: every privilege, incl. Authorization.ModifyPermissions'],
    [23, 'ReadOnly on VirtualMachine web01 (this object only) for VSPHERE.LOCAL\\audit: 3 privileges: System.Anonymous, System.View, System.Read'],
    [30, 'ops-role on Folder Prod (propagates) for VSPHERE.LOCAL\\ops: a role this file does not define (its privileges are not known here)'],
  ]);
});

test('permission lens above a Terraform vsphere_entity_permissions grant: a vsphere_role of the same file resolved by reference', () => {
  const tf = `resource "vsphere_role" "ops" {
  name            = "ops-operator"
  role_privileges = ["VirtualMachine.Interact.PowerOn", "DVSwitch.Vspan"]
}
resource "vsphere_entity_permissions" "p" {
  entity_id   = data.vsphere_folder.web.id
  entity_type = "Folder"
  permissions {
    user_or_group = "VSPHERE.LOCAL\\\\web-ops"
    propagate     = true
    is_group      = true
    role_id       = vsphere_role.ops.id
  }
  permissions {
    user_or_group = "VSPHERE.LOCAL\\\\root-admins"
    propagate     = false
    is_group      = true
    role_id       = "-1"
  }
}
`;
  assert.deepEqual(permissionLenses('terraform', tf).map((l) => [l.line, l.title]), [
    [7, 'ops-operator on Folder data.vsphere_folder.web.id (propagates) for group VSPHERE.LOCAL\\web-ops: 2 privileges incl. DVSwitch.Vspan (VC-PRIV-NETPOLICY)'],
    [13, 'Admin on Folder data.vsphere_folder.web.id (this object only) for group VSPHERE.LOCAL\\root-admins: every privilege, incl. Authorization.ModifyPermissions'],
  ]);
});

test('permission lens above each permission of a vSphere snapshot: the entity, propagation and a custom role the snapshot lists', () => {
  const snap = JSON.stringify({
    format: 'vharden-vsphere-snapshot',
    version: 1,
    source: { server: 'vc01', apiType: 'VirtualCenter' },
    roles: [{ id: -1, name: 'Admin', system: true, privileges: ['System.View'] }, { id: 12, name: 'vm-files', system: false, privileges: ['Datastore.Browse', 'System.View'] }],
    permissions: [
      { entity: '/', entityType: 'Folder', principal: 'CORP\\ops', group: true, role: 'Admin', propagate: true },
      { entity: '/DC1/datastore/ds1', entityType: 'Datastore', principal: 'CORP\\backup', role: 'vm-files', propagate: false },
    ],
  }, null, 2);
  assert.deepEqual(permissionLenses('vsphere-snapshot', snap).map((l) => l.title), [
    'Admin on the root folder (propagates) for group CORP\\ops: every privilege, incl. Authorization.ModifyPermissions',
    'vm-files on Datastore /DC1/datastore/ds1 (this object only) for CORP\\backup: 2 privileges incl. Datastore.Browse (VC-PRIV-EXFIL)',
  ]);
});
