// Preloaded with `node --require` by the benchmark: writes the process's peak resident set size
// (KB, from process.resourceUsage) and the CPU time it used (ms) to $VH_BENCH_RSS_FILE when the process exits.
const { writeFileSync } = require('node:fs');
const file = process.env.VH_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
}
