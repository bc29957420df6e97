// Preloaded with `node --require` by the benchmark: writes the process's peak resident set size
// (KB, from process.resourceUsage) to $VH_BENCH_RSS_FILE when the process exits.
const { writeFileSync } = require('node:fs');
const file = process.env.VH_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })));
