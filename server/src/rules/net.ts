/** Small address helpers shared by rules. */

export function isLoopback(host: string): boolean {
  const h = host.trim().replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** The wildcard addresses that mean "every interface". */
export function isWildcard(host: string): boolean {
  const h = host.trim().replace(/^\[|\]$/g, '');
  return h === '' || h === '0.0.0.0' || h === '::' || h === '*' || h === '0:0:0:0:0:0:0:0';
}
