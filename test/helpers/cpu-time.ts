/**
 * CPU time this process has used (user + system, ms), for hang guards: a linear parser stays far
 * under their bounds and a quadratic or backtracking one far over, while other processes on a loaded
 * machine (which stretch wall-clock time) barely move it. Speed itself is measured by `npm run bench`.
 * Only for work done in this process (a child's CPU time is not counted).
 */
export function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
