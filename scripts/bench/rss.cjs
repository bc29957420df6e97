// Preloaded with `node --expose-gc --require` by the benchmark: when the process exits, writes its
// peak resident set size and the live heap after a full collection (both KB) to $VH_BENCH_RSS_FILE.
const { writeFileSync } = require('node:fs');
const file = process.env.VH_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    if (typeof global.gc === 'function') global.gc();
    writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, liveHeapKb: process.memoryUsage().heapUsed / 1024 }));
  });
}
