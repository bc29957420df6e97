import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUserCfg, type UserCfgModel } from '../server/src/formats/proxmox-user/parser';
import {
  ALL_PRIVILEGES,
  BUILTIN_ROLES,
  ROOT_TIER,
  describeRecipient,
  effectivePrivileges,
  effectiveRoles,
  grants,
  isBuiltinRole,
  isPrivilege,
  isAdministratorEquivalent,
  roleClass,
  rolePrivileges,
} from '../server/src/formats/proxmox-user/privileges';

function cfg(text: string): UserCfgModel {
  return parseUserCfg(text, { isPrivilege, isBuiltinRole }).model;
}

const roles = (c: UserCfgModel, who: string, path: string) => [...effectiveRoles(c, who, path).keys()].sort();

describe('Proxmox privilege model: built-in roles', () => {
  it('Administrator holds every privilege, NoAccess none', () => {
    assert.deepEqual([...BUILTIN_ROLES.get('Administrator')!].sort(), [...ALL_PRIVILEGES].sort());
    assert.equal(BUILTIN_ROLES.get('NoAccess')!.size, 0);
    assert.ok(ALL_PRIVILEGES.has('Permissions.Modify'));
  });

  it('PVEAdmin holds everything but the root-tier privileges', () => {
    const admin = BUILTIN_ROLES.get('PVEAdmin')!;
    for (const p of ROOT_TIER) assert.ok(!admin.has(p), `PVEAdmin lacks ${p}`);
    for (const p of ALL_PRIVILEGES) if (!ROOT_TIER.includes(p)) assert.ok(admin.has(p), `PVEAdmin has ${p}`);
    assert.ok(admin.has('Sys.Console') && admin.has('User.Modify') && admin.has('VM.GuestAgent.Unrestricted'));
  });

  it('category roles follow the privilege groups', () => {
    const vmUser = BUILTIN_ROLES.get('PVEVMUser')!;
    assert.ok(vmUser.has('VM.GuestAgent.FileRead') && vmUser.has('VM.GuestAgent.FileWrite') && vmUser.has('VM.Console'));
    assert.ok(!vmUser.has('VM.GuestAgent.Unrestricted') && !vmUser.has('VM.Allocate'));
    assert.ok(BUILTIN_ROLES.get('PVEVMAdmin')!.has('VM.GuestAgent.Unrestricted'));
    assert.deepEqual([...BUILTIN_ROLES.get('PVETemplateUser')!].sort(), ['VM.Audit', 'VM.Clone']);
    assert.deepEqual([...BUILTIN_ROLES.get('PVESysAdmin')!].sort(), ['Sys.Audit', 'Sys.Console', 'Sys.Syslog']);
    assert.ok([...BUILTIN_ROLES.get('PVEAuditor')!].every((p) => p.endsWith('.Audit')));
    assert.ok(BUILTIN_ROLES.get('PVEMappingAdmin')!.has('Mapping.Modify'));
    assert.equal(BUILTIN_ROLES.has('PVESysUser'), false, 'no user role for a category without user privileges');
  });

  it('classifies roles by what they hold', () => {
    assert.equal(roleClass(BUILTIN_ROLES.get('Administrator')!), 'administrator');
    assert.equal(roleClass(BUILTIN_ROLES.get('PVEAdmin')!), 'pveadmin');
    assert.equal(roleClass(BUILTIN_ROLES.get('PVEVMAdmin')!), undefined);
    assert.equal(roleClass(new Set([...BUILTIN_ROLES.get('PVEAdmin')!, 'Sys.Modify'])), 'pveadmin');
  });

  it('Permissions.Modify is Administrator-equivalent (it can hand out any role)', () => {
    assert.ok(isAdministratorEquivalent(BUILTIN_ROLES.get('Administrator')!));
    assert.ok(isAdministratorEquivalent(new Set(['Permissions.Modify', 'Sys.Audit'])));
    assert.ok(!isAdministratorEquivalent(BUILTIN_ROLES.get('PVEAdmin')!));
  });
});

describe('Proxmox privilege model: custom roles, groups, tokens, propagation', () => {
  const text = [
    'user:alice@pam:1:0:::::',
    'user:bob@pve:1:0:::::',
    'user:carol@pve:1:0:::::',
    'user:dora@pve:0:0:::::',
    'token:bob@pve!sep:0:1::',
    'token:bob@pve!full:0:0::',
    'group:ops:alice@pam,bob@pve,carol@pve::',
    `role:allprivs:${[...ALL_PRIVILEGES].join(',')}:`,
    'role:viewer:VM.Audit,VM.Console:',
    'acl:1:/:@ops:PVEAuditor:',
    'acl:0:/:carol@pve:allprivs:',
    'acl:1:/vms:@ops:viewer:',
    'acl:1:/vms/100:alice@pam:PVEVMAdmin:',
    'acl:1:/vms/200:@ops:NoAccess:',
    'acl:1:/vms:bob@pve!sep:PVEVMAdmin:',
    'acl:1:/storage:bob@pve!sep:PVEDatastoreAdmin:',
    'acl:1:/vms:dora@pve:PVEVMUser:',
  ].join('\n');
  const c = cfg(text);

  it('reads custom roles and resolves their privileges', () => {
    assert.deepEqual([...rolePrivileges(c, 'viewer')!].sort(), ['VM.Audit', 'VM.Console']);
    assert.equal(roleClass(rolePrivileges(c, 'allprivs')!), 'administrator', 'a custom role with every privilege is Administrator-equivalent');
    assert.equal(rolePrivileges(c, 'missing'), undefined);
  });

  it('expands groups to their members', () => {
    assert.deepEqual(roles(c, 'alice@pam', '/'), ['PVEAuditor']);
    assert.deepEqual(roles(c, 'bob@pve', '/nodes/pve1'), ['PVEAuditor'], 'group grant propagates');
    assert.deepEqual(roles(c, 'mallory@pve', '/'), [], 'not a member: nothing');
  });

  it('a user entry on a level beats group entries on the same level', () => {
    assert.deepEqual(roles(c, 'carol@pve', '/'), ['allprivs']);
    assert.deepEqual(roles(c, 'carol@pve', '/nodes'), ['PVEAuditor'], 'propagate 0: the user grant stays on /, the group grant is inherited');
  });

  it('deeper entries replace inherited ones, and NoAccess wins', () => {
    assert.deepEqual(roles(c, 'alice@pam', '/vms/100'), ['PVEVMAdmin']);
    assert.deepEqual(roles(c, 'alice@pam', '/vms/101'), ['viewer']);
    assert.deepEqual(roles(c, 'alice@pam', '/vms/200'), ['NoAccess']);
    assert.equal(effectivePrivileges(c, 'alice@pam', '/vms/200').size, 0);
  });

  it('tokens: no privilege separation = the user, separation = never more than the user', () => {
    assert.deepEqual(roles(c, 'bob@pve!full', '/vms/101'), roles(c, 'bob@pve', '/vms/101'));
    const sep = effectivePrivileges(c, 'bob@pve!sep', '/vms/101');
    const user = effectivePrivileges(c, 'bob@pve', '/vms/101');
    assert.ok([...sep].every((p) => user.has(p)), 'a privsep token never exceeds its user');
    assert.deepEqual([...sep].sort(), ['VM.Audit', 'VM.Console']);
    assert.deepEqual([...effectivePrivileges(c, 'bob@pve!sep', '/storage/local')], ['Datastore.Audit'], 'PVEDatastoreAdmin on the token is cut down to what bob holds there (PVEAuditor via ops)');
    assert.equal(roleClass(effectivePrivileges(c, 'root@pam', '/anything')), 'administrator');
  });

  it('names the effective recipients of a grant', () => {
    const g = grants(c).find((x) => x.acl.path === '/' && x.role.text === 'PVEAuditor')!;
    assert.equal(describeRecipient(c, g), 'group ops (alice@pam, bob@pve; 1 member overridden by their own acl)');
    const t = grants(c).find((x) => x.subject.text === 'bob@pve!sep')!;
    assert.equal(describeRecipient(c, t), 'token bob@pve!sep');
    const d = grants(c).find((x) => x.subject.text === 'dora@pve')!;
    assert.equal(describeRecipient(c, d), 'user dora@pve (account disabled)');
  });
});
