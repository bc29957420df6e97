/**
 * What a host path exposes when it is shared whole with a guest (a VMware shared folder, a
 * libvirt `<filesystem>`): a drive or file-system root, a user's home folder (or the folder holding
 * every home), or a system folder. Backslashes and slashes are read alike.
 */
export function sensitiveHostPath(raw: string): 'drive root' | 'home folder' | 'system folder' | undefined {
  let p = raw.trim().replace(/[\\/]+/g, '/');
  if (p.length > 1) p = p.replace(/\/$/, '');
  if (p === '/' || /^[A-Za-z]:\/?$/.test(p)) return 'drive root';
  if (/^(~[^/]*|\$HOME|%USERPROFILE%|%HOMEDRIVE%%HOMEPATH%)$/i.test(p)) return 'home folder';
  if (/^(\/var)?\/(home|Users)(\/[^/]+)?$/i.test(p) || p === '/root') return 'home folder';
  if (/^[A-Za-z]:\/(Users|Documents and Settings)(\/[^/]+)?$/i.test(p)) return 'home folder';
  if (/^\/(etc|usr|var|boot|bin|sbin|lib|lib64|opt|srv)$/.test(p) || /^[A-Za-z]:\/Windows$/i.test(p)) return 'system folder';
  return undefined;
}
