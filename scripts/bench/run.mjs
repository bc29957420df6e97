// `npm run bench`: measures the CLI, the language server and the extension against their targets,
// each beside a baseline measured in the same run, and writes BENCHMARKS.md and bench-results.json.
// Runs against dist/ as it is (build first; it never rebuilds what it measures). BENCH_RUNS sets the
// number of repeats (default 7); `node scripts/bench/run.mjs cli estate` runs only those sections.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';
import { domainXml, fleetTrees, hostEstate, listFiles, playbook, vmx } from './generate.mjs';
import { hostileCases, lines, ovsdb } from './hostile.mjs';
import { CLI, CORPUS, REPO, dropFileCache, hasCommand, median, pairs, quantile, round, rssOf, tempDir, timeToFirstOutput, timedCommand, timedNode, untilIdle } from './lib.mjs';
import { Server, changeLatencies, interleavedChangeLatencies } from './lsp.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ESTATE_FILES = Number(process.env.BENCH_ESTATE_FILES ?? 50_000);
const rows = [];
const notes = [];

function record(section, name, value, unit, { target, baseline, note } = {}) {
  const met = target ? (target.op === '<' ? value < target.value : value <= target.value) : null;
  const row = { section, name, value: round(value, value < 10 ? 2 : 1), unit, target: target ?? null, met, baseline: baseline ? { ...baseline, value: round(baseline.value, baseline.value < 10 ? 2 : 1) } : null, note: note ?? null };
  rows.push(row);
  const mark = met === null ? '' : met ? ' (target met)' : ' (TARGET MISSED)';
  console.log(`[${section}] ${name}: ${row.value} ${unit}${mark}${row.baseline ? `; baseline ${row.baseline.label}: ${row.baseline.value} ${row.baseline.unit}` : ''}`);
}

function repeat(n, fn) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(fn(i));
  return out;
}

/**
 * A row for interleaved pairs of ours and a named baseline: the median of the ratio of each pair,
 * with its minimum and both medians in the note; the target is a ratio.
 */
function recordPairs(section, name, ps, label, target) {
  const ratios = ps.map((p) => p.ratio);
  record(section, name, median(ratios), 'x', {
    target: target === undefined ? undefined : { op: '<=', value: target },
    baseline: { label, value: median(ps.map((p) => p.b.ms)), unit: 'ms' },
    note: `min ${round(Math.min(...ratios), 2)} x; ours ${round(median(ps.map((p) => p.a.ms)), 0)} ms; median of ${ps.length} interleaved pairs`,
  });
}

const FLOOR = join(REPO, 'scripts', 'bench', 'floor.mjs');
const floorOf = (paths) => () => timedNode([FLOOR, ...paths]);

// ---------------------------------------------------------------- CLI over the corpus
function benchCorpus() {
  if (!existsSync(CORPUS)) {
    notes.push(`The corpus (${CORPUS}) is missing: CLI corpus figures were not measured.`);
    return;
  }
  const files = listFiles(CORPUS);
  const bytes = files.reduce((n, f) => n + statSync(join(CORPUS, f)).size, 0);
  const out = join(tempDir('vh-bench-'), 'report.json');
  const scan = (paths) => () => timedNode([CLI, 'scan', ...paths, '-f', 'json', '-o', out, '--fail-on', 'never']);
  scan([CORPUS])(); // warm the file cache
  const floor = pairs(RUNS, scan([CORPUS]), floorOf([CORPUS]));
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const ms = median(floor.map((p) => p.a.ms));
  record('CLI', `scan the corpus (${files.length} files, ${round(bytes / 1e6, 2)} MB; ${report.summary.checked} recognised)`, ms, 'ms');
  record('CLI', 'corpus throughput', files.length / (ms / 1000), 'files/s');
  record('CLI', 'corpus scan peak RSS', median(floor.map((p) => p.a.rssMb)), 'MB');
  recordPairs('CLI', 'corpus scan / Node floor (warm file cache)', floor, 'node scripts/bench/floor.mjs: walk, read and decode the same files', 3);
  // cold: the page cache of the corpus and of the script each side runs dropped before every run
  const cold = (fn, script) => () => (dropFileCache([CORPUS, script]), fn());
  if (dropFileCache([CORPUS])) {
    const ps = pairs(Math.min(RUNS, 5), cold(scan([CORPUS]), CLI), cold(floorOf([CORPUS]), FLOOR));
    record('CLI', 'corpus scan, cold file cache', median(ps.map((p) => p.a.ms)), 'ms');
    recordPairs('CLI', 'corpus scan / Node floor, both with a cold file cache', ps, 'node scripts/bench/floor.mjs, same files, cold file cache', 3);
  } else {
    notes.push('python3 is missing, so the file cache could not be dropped: cold CLI figures were not measured.');
  }
  recordPairs('CLI', 'corpus scan / Node start-up', pairs(RUNS, scan([CORPUS]), () => timedNode(['-e', ''])), 'node -e ""');
  recordPairs('CLI', 'corpus scan / cat', pairs(RUNS, scan([CORPUS]), () => timedCommand('sh', ['-c', 'find "$1" -type f -exec cat {} + >/dev/null', 'sh', CORPUS])), 'find -exec cat, same files');

  const xml = files.filter((f) => extname(f) === '.xml').map((f) => join(CORPUS, f));
  if (xml.length && hasCommand('xmllint')) {
    const xmlBytes = xml.reduce((n, f) => n + statSync(f).size, 0);
    timedCommand('xmllint', ['--noout', ...xml]);
    const lint = pairs(RUNS, scan(xml), () => timedCommand('xmllint', ['--noout', ...xml]));
    record('CLI', `scan the corpus XML files (${xml.length} files, ${round(xmlBytes / 1e6, 2)} MB)`, median(lint.map((p) => p.a.ms)), 'ms');
    recordPairs('CLI', 'XML scan / xmllint', lint, 'xmllint --noout, same files', 3);
    recordPairs('CLI', 'XML scan / Node floor', pairs(RUNS, scan(xml), floorOf(xml)), 'node scripts/bench/floor.mjs, same files');
  } else {
    notes.push('xmllint is not installed (Debian package libxml2-utils): the XML baseline was not measured.');
  }
  rmSync(join(out, '..'), { recursive: true, force: true });
}

// ---------------------------------------------------------------- CLI over a synthetic estate
function benchEstate() {
  if (!existsSync(CORPUS)) return;
  const dest = tempDir('vh-estate-');
  try {
    const sizes = [1_000, 10_000, ESTATE_FILES].filter((n, i, all) => all.indexOf(n) === i).sort((a, b) => a - b);
    const t0 = performance.now();
    const trees = sizes.map((n) => ({ n, dir: join(dest, `e${n}`), ...hostEstate(CORPUS, join(dest, `e${n}`), n) }));
    notes.push(`Synthetic estates: ${sizes.join(', ')} files as host trees of 50 files each (\`hNNNNN/etc/…\`, one cross-file scope per host), picked from the corpus with a stride so each host mixes formats; written in ${round((performance.now() - t0) / 1000, 1)} s. Warm file cache: each scan runs once before it is timed.`);
    const out = join(dest, 'report.json');
    const results = [];
    for (const t of trees) {
      const scan = () => timedNode([CLI, 'scan', t.dir, '-f', 'json', '-o', out, '--fail-on', 'never']);
      scan();
      const ps = pairs(t.n > 10_000 ? Math.min(RUNS, 3) : Math.min(RUNS, 5), scan, floorOf([t.dir]));
      const ms = median(ps.map((p) => p.a.ms));
      const rss = median(ps.map((p) => p.a.rssMb));
      results.push({ n: t.n, ms, rss });
      record('Estate', `scan ${t.n} files (${t.hosts} hosts)`, ms, 'ms');
      record('Estate', `peak RSS, ${t.n} files`, rss, 'MB');
      recordPairs('Estate', `scan of ${t.n} files / Node floor`, ps, 'node scripts/bench/floor.mjs, same files');
    }
    const mid = results.find((r) => r.n === 10_000) ?? results[0];
    const last = results.at(-1);
    if (last !== mid) {
      record('Estate', `time per file at ${last.n} / at ${mid.n} files (linear = 1)`, last.ms / last.n / (mid.ms / mid.n), 'x', { target: { op: '<=', value: 1 } });
      record('Estate', `peak RSS at ${last.n} / at ${mid.n} files (flat = 1)`, last.rss / mid.rss, 'x', { target: { op: '<=', value: 1.2 } });
      record('Estate', `peak RSS growth per file from ${mid.n} to ${last.n} files`, ((last.rss - mid.rss) * 1024) / (last.n - mid.n), 'KB');
    }
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- a fleet through the Ansible collection's path
const FLEET_HOSTS = Number(process.env.BENCH_FLEET_HOSTS ?? 1_000);

/**
 * FLEET_HOSTS host trees from the corpus, each archived by the collection's host script (`sh -s | gzip
 * | base64`, as its agentless mode runs it), then per host the controller's steps (`collect archive`,
 * `scan --root . -f sarif`) in one bundled process, and `vharden merge` of 1/4, 1/2 and all of them.
 * A sample of hosts also runs the two steps as separate CLI processes, as the role does.
 */
async function benchFleet() {
  if (!existsSync(CORPUS)) return;
  const dest = tempDir('vh-fleet-');
  try {
    const t0 = performance.now();
    const files = fleetTrees(CORPUS, join(dest, 'hosts'), FLEET_HOSTS, { domains: 3 });
    const hosts = Array.from({ length: FLEET_HOSTS }, (_, h) => `h${String(h).padStart(5, '0')}`);
    const marker = '/vharden-bench-root';
    const script = String(spawnSync(process.execPath, [CLI, 'collect', 'archive', '--print-script', '--remote-root', marker]).stdout);
    mkdirSync(join(dest, 'archives'));
    mkdirSync(join(dest, 'snapshots'));
    mkdirSync(join(dest, 'sarif'));
    let archiveBytes = 0;
    const t1 = performance.now();
    // two hosts at a time, as two Ansible forks would
    const archive = (h) => new Promise((resolve, reject) => {
      const t = performance.now();
      const child = spawn('sh', ['-c', 'sh -s | gzip -c | base64'], { stdio: ['pipe', 'pipe', 'inherit'] });
      const chunks = [];
      child.stdout.on('data', (c) => chunks.push(c));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) return reject(new Error(`archive of ${h}: exit ${code}`));
        const out = Buffer.concat(chunks);
        writeFileSync(join(dest, 'archives', `${h}.b64`), out);
        archiveBytes += out.length;
        resolve(performance.now() - t);
      });
      child.stdin.end(script.replace(marker, join(dest, 'hosts', h)));
    });
    const archiveTimes = [];
    for (let i = 0; i < hosts.length; i += 2) archiveTimes.push(...(await Promise.all(hosts.slice(i, i + 2).map(archive))));
    const archiveMs = median(archiveTimes);
    notes.push(`${FLEET_HOSTS} host trees of ${files / FLEET_HOSTS} files each (3 libvirt domains, a network, a daemon config, 2 Proxmox VMs, a container, an interfaces file and a user.cfg at their standard locations, picked from the corpus with a stride), ${round(files / 1e3, 1)}k files in all, written in ${round((t1 - t0) / 1000, 1)} s; smaller than a busy hypervisor so that the run takes minutes on 2 shared cores. Each host is archived by the collection's host script; the controller's steps run for every host in one process (the CLI's functions, bundled), so the per-host figure leaves out the two Node start-ups the role pays per host, which the sampled row measures.`);
    record('Fleet', 'host script (the archive, gzip, base64) per host (median; two hosts at a time)', archiveMs, 'ms', { note: `${round(archiveBytes / hosts.length / 1024, 1)} KB of base64 per host; all ${FLEET_HOSTS} in ${round((performance.now() - t1) / 1000, 1)} s` });

    // the controller's steps for every host, in one process
    const bundle = join(dest, 'fleet-worker.cjs');
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [join(REPO, 'scripts', 'bench', 'fleet-worker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning' });
    const list = join(dest, 'hosts.json');
    writeFileSync(list, JSON.stringify(hosts.map((h) => ({ archive: join(dest, 'archives', `${h}.b64`), snapshot: join(dest, 'snapshots', h), report: join(dest, 'sarif', `${h}.sarif`) }))));
    const w = timedNode([bundle, list]);
    if (w.status !== 0) throw new Error(`fleet worker: ${w.stderr}`);
    const per = String(w.stdout).trim().split('\n').map((l) => JSON.parse(l));
    const hostMs = per.map((p) => p.collectMs + p.scanMs);
    record('Fleet', `collect archive + scan, ${FLEET_HOSTS} hosts in one process`, w.ms / 1000, 's');
    record('Fleet', 'collect archive + scan per host (median)', median(hostMs), 'ms', { note: `p95 ${round(quantile(hostMs, 0.95), 1)} ms; collect ${round(median(per.map((p) => p.collectMs)), 1)} ms, scan ${round(median(per.map((p) => p.scanMs)), 1)} ms` });
    const rssAt = (n) => per[Math.min(per.length, n) - 1].rssMb;
    record('Fleet', `peak RSS of the process over ${FLEET_HOSTS} hosts`, w.rssMb, 'MB', { note: `RSS after host ${Math.round(FLEET_HOSTS / 4)}: ${round(rssAt(FLEET_HOSTS / 4), 1)} MB, after ${FLEET_HOSTS / 2}: ${round(rssAt(FLEET_HOSTS / 2), 1)} MB, after ${FLEET_HOSTS}: ${round(rssAt(FLEET_HOSTS), 1)} MB` });
    record('Fleet', `RSS growth per host from host ${FLEET_HOSTS / 4} to ${FLEET_HOSTS}`, ((rssAt(FLEET_HOSTS) - rssAt(FLEET_HOSTS / 4)) * 1024) / (FLEET_HOSTS * 0.75), 'KB');
    const sarifBytes = hosts.reduce((n, h) => n + statSync(join(dest, 'sarif', `${h}.sarif`)).size, 0);
    const results = hosts.reduce((n, h) => n + JSON.parse(readFileSync(join(dest, 'sarif', `${h}.sarif`), 'utf8')).runs[0].results.length, 0);
    record('Fleet', 'SARIF log per host', sarifBytes / hosts.length / 1024, 'KB', { note: `${round(results / hosts.length, 1)} results per host` });

    // a sample of hosts as the role runs them: two CLI processes per host
    const sample = hosts.slice(0, Math.min(RUNS, hosts.length));
    const sampled = sample.map((h) => {
      const snap = join(dest, 'sample', h);
      const a = timedNode([CLI, 'collect', 'archive', join(dest, 'archives', `${h}.b64`), '--out', snap]);
      const b = timedNode([CLI, 'scan', '--root', '.', '--format', 'sarif', '--output', join(dest, 'sample', `${h}.sarif`), '--fail-on', 'never'], { cwd: snap });
      return { ms: a.ms + b.ms, rss: Math.max(a.rssMb, b.rssMb) };
    });
    const startup = pairs(Math.min(RUNS, 3), () => timedNode(['-e', '']), () => timedNode(['-e', ''])).map((p) => p.a.ms);
    record('Fleet', `collect archive + scan per host as two CLI processes (median of ${sample.length} hosts)`, median(sampled.map((x) => x.ms)), 'ms', { note: `peak RSS ${round(median(sampled.map((x) => x.rss)), 1)} MB; node -e "" takes ${round(median(startup), 0)} ms here` });

    // merge: the cost per host at 1/4, 1/2 and all of the hosts
    const sizes = [Math.round(FLEET_HOSTS / 4), Math.round(FLEET_HOSTS / 2), FLEET_HOSTS];
    const merged = {};
    for (const n of sizes) {
      const args = [CLI, 'merge', ...hosts.slice(0, n).map((h) => `sarif/${h}.sarif`)];
      const out = join(dest, `merge-${n}`);
      mkdirSync(out);
      const timed = (extra) => {
        const runs = Array.from({ length: Math.min(RUNS, 5) }, () => timedNode([...args, ...extra], { cwd: dest }));
        for (const r of runs) if (r.status !== 0) throw new Error(`merge of ${n}: ${r.stderr}`);
        return { ms: median(runs.map((r) => r.ms)), rss: median(runs.map((r) => r.rssMb)) };
      };
      const sarif = timed(['-o', join(out, 'fleet.sarif')]);
      const html = timed(['--format', 'html', '-o', join(out, 'fleet.html')]);
      merged[n] = { ...sarif, html };
      record('Fleet', `merge ${n} hosts into SARIF`, sarif.ms, 'ms', { note: `peak RSS ${round(sarif.rss, 1)} MB; ${readdirSync(out).filter((f) => f.endsWith('.sarif')).length} files of at most 20 runs; median of ${Math.min(RUNS, 5)}` });
      record('Fleet', `merge ${n} hosts into the fleet page`, html.ms, 'ms', { note: `peak RSS ${round(html.rss, 1)} MB; ${round(statSync(join(out, 'fleet.html')).size / 1024, 0)} KB; median of ${Math.min(RUNS, 5)}` });
    }
    const [q, , all] = sizes;
    const node = median(startup);
    record('Fleet', `merge time per host at ${all} / at ${q} hosts (linear = 1)`, merged[all].ms / all / (merged[q].ms / q), 'x', { target: { op: '<=', value: 1.5 } });
    record('Fleet', `merge time less Node start-up, per host at ${all} / at ${q} hosts (linear = 1)`, (merged[all].ms - node) / all / ((merged[q].ms - node) / q), 'x', { target: { op: '<=', value: 1.5 } });
    record('Fleet', `merge: added cost per host from ${q} to ${all} hosts`, (merged[all].ms - merged[q].ms) / (all - q), 'ms');
    record('Fleet', `fleet page: time per host at ${all} / at ${q} hosts (linear = 1)`, merged[all].html.ms / all / (merged[q].html.ms / q), 'x', { target: { op: '<=', value: 1.5 } });
    record('Fleet', `merge into SARIF: peak RSS growth per host from ${q} to ${all} hosts`, ((merged[all].rss - merged[q].rss) * 1024) / (all - q), 'KB');
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- language server
const LANGUAGE_BY_EXT = { '.vmx': 'vmx', '.vmtx': 'vmx', '.xml': 'xml', '.yaml': 'yaml', '.yml': 'yaml' };

async function benchServer() {
  // start to first diagnostics
  const small = vmx(20);
  const starts = [];
  for (let i = 0; i < RUNS; i++) {
    const s = new Server();
    await s.initialize();
    await s.open('file:///bench/start.vmx', 'vmx', small);
    starts.push((await s.diagnostics('file:///bench/start.vmx')) - s.t0);
    await s.close();
  }
  const floor = [];
  for (let i = 0; i < RUNS; i++) floor.push(await timeToFirstOutput(process.execPath, ['-e', 'process.stdout.write("x")']));
  const start = median(starts);
  record('Language server', `start to first diagnostics (20-line .vmx) / Node start (ours ${round(start, 1)} ms)`, start / median(floor), 'x', { target: { op: '<=', value: 3 }, baseline: { label: 'node start to first output', value: median(floor), unit: 'ms' } });

  // didChange → diagnostics
  // Findings about as dense as in the corpus files that have any; then a stress case, every block insecure.
  const inputs = [
    { name: '500-line .vmx', uri: 'file:///bench/vm.vmx', languageId: 'vmx', text: vmx(500) },
    { name: '2,000-line domain XML', uri: 'file:///bench/domain.xml', languageId: 'xml', text: domainXml(2000) },
    { name: '5,000-line playbook', uri: 'file:///bench/site.yml', languageId: 'yaml', text: playbook(5000) },
    { name: '2,000-line domain XML, every device insecure (stress)', uri: 'file:///bench/stress-domain.xml', languageId: 'xml', text: domainXml(2000, 1), stress: true },
    { name: '5,000-line playbook, every task insecure (stress)', uri: 'file:///bench/stress-site.yml', languageId: 'yaml', text: playbook(5000, 1), stress: true },
  ];
  const s = new Server();
  await s.initialize();
  const EDITS = Number(process.env.BENCH_EDITS ?? 200);
  for (const input of inputs) {
    const doc = { uri: input.uri, languageId: input.languageId, text: input.text };
    await changeLatencies(s, [{ ...doc, uri: warmUri(input.uri) }], 10);
    // the same edits on a 1-line document of the same language, interleaved with them
    const [ours, base] = await changeLatencies(s, [doc, { uri: input.uri.replace(/(\.\w+)$/, '-empty$1'), languageId: input.languageId, text: '\n' }], EDITS);
    const { latencies, format, findings } = ours;
    if (!format) notes.push(`didChange for the ${input.name}: no format in this build recognises it yet, so the figure measures the protocol only (no rules ran).`);
    record('Language server', `didChange → diagnostics p95, ${input.name} (${format ?? 'format not available'}, ${findings} diagnostics)`, quantile(latencies, 0.95), 'ms', {
      target: input.stress ? undefined : { op: '<', value: 15 },
      baseline: { label: 'same edits on a 1-line document, interleaved', value: quantile(base.latencies, 0.95), unit: 'ms' },
      note: `median ${round(median(latencies), 2)} ms over ${latencies.length} edits at spread lines`,
    });
  }
  await s.close();
  await versusYamlLanguageServer(inputs.find((x) => x.languageId === 'yaml' && !x.stress), EDITS);

  // a small file while a huge one is being checked
  const huge = vmx(400_000); // about 20 MB
  const busy = [];
  const alone = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    const srv = new Server();
    await srv.initialize(undefined, { maxFileSize: 100 * 1024 * 1024, maxFileTimeMs: 60_000 });
    let t0 = performance.now();
    await srv.open(`file:///bench/alone${i}.vmx`, 'vmx', small);
    alone.push((await srv.diagnostics(`file:///bench/alone${i}.vmx`)) - t0);
    await srv.open('file:///bench/huge.vmx', 'vmx', huge);
    await new Promise((r) => setTimeout(r, 100));
    t0 = performance.now();
    await srv.open(`file:///bench/small${i}.vmx`, 'vmx', small);
    busy.push((await srv.diagnostics(`file:///bench/small${i}.vmx`)) - t0);
    await srv.diagnostics('file:///bench/huge.vmx', 1, 120_000);
    await srv.close();
  }
  record('Language server', `open → diagnostics of a small file while a ${round(huge.length / 1e6, 0)} MB .vmx is being checked / server idle (ours ${round(median(busy), 2)} ms)`, median(busy) / median(alone), 'x', { target: { op: '<=', value: 2 }, baseline: { label: 'same small file, server idle', value: median(alone), unit: 'ms' } });

  // opening / indexing the corpus
  if (!existsSync(CORPUS)) return;
  const files = listFiles(CORPUS).filter((f) => !/^(MANIFEST\.tsv|SOURCES\.md)$/.test(f));
  const texts = files.map((f) => ({ uri: pathToFileURL(join(CORPUS, f)).href, languageId: LANGUAGE_BY_EXT[extname(f)] ?? 'plaintext', text: readFileSync(join(CORPUS, f), 'utf8') }));
  const times = [];
  const rss = [];
  const idle = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    const srv = new Server();
    await srv.initialize();
    await new Promise((r) => setTimeout(r, 200));
    idle.push(rssOf(srv.pid));
    const t0 = performance.now();
    for (const t of texts) await srv.open(t.uri, t.languageId, t.text);
    let last = 0;
    for (const t of texts) last = Math.max(last, await srv.diagnostics(t.uri));
    times.push(last - t0);
    rss.push(rssOf(srv.pid));
    await srv.close();
  }
  const cliScan = median(repeat(3, () => timedNode([CLI, 'scan', CORPUS, '-f', 'json', '-o', '/dev/null', '--fail-on', 'never']).ms));

  // Workspace index: initialize with the corpus as the workspace folder; the index is done when the
  // server stops using CPU (it sends no completion message), measured from /proc.
  // The memory baseline is a warm server with no workspace: it has checked one small file of each
  // kind the corpus holds most (so its code is loaded and compiled) and is idle again. The indexed
  // server's RSS is read once more 7.5 s later, after its collection when quiet (QUIET_GC_MS in
  // server/src/lsp/memory.ts, 6 s).
  const index = [];
  const warmIdle = [];
  const warmLabel = 'idle server with no workspace after checking a small .vmx, domain XML and playbook';
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    const srv = new Server();
    await srv.initialize();
    for (const [name, languageId, t] of [['warm.vmx', 'vmx', small], ['warm.xml', 'xml', domainXml(60)], ['warm.yml', 'yaml', playbook(60)]]) {
      await srv.open(`file:///bench/${name}`, languageId, t);
      await srv.diagnostics(`file:///bench/${name}`);
    }
    await untilIdle(srv.pid, 300);
    warmIdle.push(rssOf(srv.pid));
    await srv.close();
    const ws = new Server();
    await ws.conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(CORPUS).href, workspaceFolders: [{ uri: pathToFileURL(CORPUS).href, name: 'corpus' }], capabilities: { workspace: { workspaceFolders: true } }, initializationOptions: {} });
    const t0 = performance.now();
    await ws.conn.sendNotification('initialized', {});
    const { busyUntil, cpuMs } = await untilIdle(ws.pid, 300);
    const rss = rssOf(ws.pid);
    await new Promise((r) => setTimeout(r, 7500));
    index.push({ ms: busyUntil - t0, cpuMs, rss, quietRss: rssOf(ws.pid) });
    await ws.close();
  }
  const indexCpu = median(index.map((x) => x.cpuMs));
  const hasIndex = indexCpu > 100;
  if (hasIndex) {
    const indexMs = median(index.map((x) => x.ms));
    record('Language server', `workspace index of the corpus (initialized → server idle; ours ${round(indexMs, 0)} ms, CPU ${round(indexCpu, 0)} ms) / CLI scan`, indexMs / cliScan, 'x', { target: { op: '<=', value: 2 }, baseline: { label: 'CLI scan of the corpus', value: cliScan, unit: 'ms' } });
    const rss = median(index.map((x) => x.rss));
    record('Language server', `resident memory after indexing the corpus / a warm idle server (ours ${round(rss, 1)} MB)`, rss / median(warmIdle), 'x', { target: { op: '<=', value: 1.5 }, baseline: { label: warmLabel, value: median(warmIdle), unit: 'MB' } });
    const quiet = median(index.map((x) => x.quietRss));
    record('Language server', `resident memory 7.5 s after indexing the corpus, once the server collected garbage when quiet / a warm idle server (ours ${round(quiet, 1)} MB)`, quiet / median(warmIdle), 'x', { baseline: { label: warmLabel, value: median(warmIdle), unit: 'MB' } });
  } else {
    notes.push(`The server in this build has no workspace index (it used ${round(indexCpu, 0)} ms of CPU after initialized with the corpus as workspace folder), so the corpus figures below time opening every corpus file instead.`);
  }
  record('Language server', `open all ${texts.length} corpus files, until every file has diagnostics`, median(times), 'ms', { target: hasIndex ? undefined : { op: '<', value: 3000 }, baseline: { label: 'CLI scan of the corpus', value: cliScan, unit: 'ms' } });
  record('Language server', 'resident memory after opening the corpus', median(rss), 'MB', { target: hasIndex ? undefined : { op: '<', value: 150 }, baseline: { label: 'idle server after initialize', value: median(idle), unit: 'MB' } });
}

const YAML_LS = join(REPO, 'scripts', 'bench', 'yaml-ls.cjs');

/**
 * The document the edits are warmed up on: another name with the same extension (`site.warm.yml`),
 * which detection reads as the same kind of file; `site.yml.warm` was recognised as nothing, so the
 * rules were first run by the measured edits.
 */
function warmUri(uri) {
  return uri.replace(/(\.\w+)$/, '.warm$1');
}

/**
 * The playbook keystroke beside yaml-language-server (a devDependency) with its 200 ms validation
 * delay removed (yaml-ls.cjs says how): the same document and the same edits, ours and theirs in
 * turn for each edit, each waited for. Its schema store is off (it would fetch a catalogue from the
 * network), so it parses and validates YAML syntax without a schema. Rows: the ratio of ours to
 * theirs, at p95 and at p50.
 */
async function versusYamlLanguageServer(input, edits) {
  const pkg = join(REPO, 'node_modules', 'yaml-language-server', 'package.json');
  if (!existsSync(pkg)) {
    notes.push('yaml-language-server is not installed (npm install): the playbook keystroke was not compared with it.');
    return;
  }
  const version = JSON.parse(readFileSync(pkg, 'utf8')).version;
  const ours = new Server();
  await ours.initialize();
  const theirs = new Server(['--stdio'], { script: YAML_LS, unversioned: true, settings: { yaml: { validate: true, schemaStore: { enable: false }, kubernetesCRDStore: { enable: false } } } });
  await theirs.initialize();
  try {
    const doc = { uri: input.uri.replace(/(\.\w+)$/, '-vs$1'), languageId: input.languageId, text: input.text };
    const warm = { ...doc, uri: warmUri(doc.uri) };
    await interleavedChangeLatencies([{ server: ours, doc: warm }, { server: theirs, doc: warm }], 10);
    const [a, b] = await interleavedChangeLatencies([{ server: ours, doc }, { server: theirs, doc }], edits);
    const label = `yaml-language-server ${version}, validation delay 0, same document and edits, interleaved`;
    for (const [q, name] of [[0.95, 'p95'], [0.5, 'p50']]) {
      const mine = quantile(a.latencies, q);
      const base = quantile(b.latencies, q);
      record('Language server', `didChange → diagnostics ${name}, ${input.name} / yaml-language-server (debounce removed)`, mine / base, 'x', {
        target: { op: '<=', value: 0.2 },
        baseline: { label, value: base, unit: 'ms' },
        note: `ours ${round(mine, 2)} ms (${a.findings} diagnostics), theirs ${round(base, 1)} ms (${b.findings} diagnostics), ${a.latencies.length} edits at spread lines`,
      });
    }
  } finally {
    await ours.close();
    await theirs.close();
  }
}

// ---------------------------------------------------------------- a keystroke in a large workspace
/**
 * The same edits of the same 60-line domain XML, in a host tree of a workspace of N files (indexed
 * first) and in a server with no workspace, interleaved (A, B, A, B …): the ratio of their p50 and
 * p95 shows what the workspace adds to a keystroke (its cross-file scopes, settings, publishing).
 */
async function benchWorkspace() {
  if (!existsSync(CORPUS)) {
    notes.push(`The corpus (${CORPUS}) is missing: the workspace keystroke was not measured.`);
    return;
  }
  const EDITS = Number(process.env.BENCH_EDITS ?? 200);
  const sizes = (process.env.BENCH_WORKSPACE_FILES ?? '1000,10000').split(',').map(Number);
  const rel = join('h00000', 'etc', 'libvirt', 'qemu', 'bench-guest.xml');
  const text = domainXml(60);
  for (const n of sizes) {
    const dest = tempDir('vh-ws-');
    const none = tempDir('vh-nows-');
    const ws = new Server();
    const bare = new Server();
    try {
      hostEstate(CORPUS, dest, n);
      for (const root of [dest, none]) {
        mkdirSync(dirname(join(root, rel)), { recursive: true });
        writeFileSync(join(root, rel), text);
      }
      await ws.initialize(dest);
      const t0 = performance.now();
      const { busyUntil, cpuMs } = await untilIdle(ws.pid, 1000);
      const indexMs = busyUntil - t0;
      await bare.initialize();
      const doc = (server, root, name) => ({ server, uri: pathToFileURL(join(root, dirname(rel), name)).href, languageId: 'xml', text });
      // two servers on two cores: each edit waits until both are quiet (see interleavedChangeLatencies)
      await changeLatencies(ws, [doc(ws, dest, 'warm.xml'), doc(bare, none, 'warm.xml')], 20, { settle: true });
      const before = ws.published;
      const [a, b] = await changeLatencies(ws, [doc(ws, dest, 'bench-guest.xml'), doc(bare, none, 'bench-guest.xml')], EDITS, { settle: true });
      const perEdit = (ws.published - before - 1) / EDITS; // less the one sent when the document opened
      const ratios = a.latencies.map((x, i) => x / b.latencies[i]);
      const label = `same edits with no workspace, interleaved`;
      const where = `${n}-file workspace (${Math.ceil(n / 50)} host trees; indexed in ${round(indexMs / 1000, 1)} s, CPU ${round(cpuMs / 1000, 1)} s)`;
      for (const [q, name] of [[0.5, 'p50'], [0.95, 'p95']]) {
        record('Workspace', `keystroke ${name} in a ${where} / no workspace`, quantile(a.latencies, q) / quantile(b.latencies, q), 'x', {
          target: n >= 10_000 ? { op: '<=', value: 1.2 } : undefined,
          baseline: { label, value: quantile(b.latencies, q), unit: 'ms' },
          note: `ours ${round(quantile(a.latencies, q), 2)} ms; ${EDITS} edits at spread lines of a 60-line domain XML (${a.findings} diagnostics); median ratio of the pairs ${round(median(ratios), 2)} x`,
        });
      }
      record('Workspace', `diagnostics messages per keystroke, ${n}-file workspace`, perEdit, 'messages', { target: { op: '<=', value: 1 }, note: 'only files whose findings changed are published (here, the edited document)' });
    } finally {
      await ws.close();
      await bare.close();
      rmSync(dest, { recursive: true, force: true });
      rmSync(none, { recursive: true, force: true });
    }
  }
}

// ---------------------------------------------------------------- extension
function benchExtension() {
  const harness = join(REPO, 'scripts', 'bench', 'activate-harness.cjs');
  const runs = repeat(RUNS, () => JSON.parse(String(timedNode([harness, REPO]).stdout)));
  const failed = runs.find((r) => r.error);
  if (failed) notes.push(`Extension activation under the vscode stand-in reported: ${failed.error}`);
  const floor = median(repeat(RUNS, () => JSON.parse(String(timedNode([harness, REPO, '--baseline']).stdout)).requireMs));
  record('Extension', 'require dist/extension.js (vscode stand-in, plain Node)', median(runs.map((r) => r.requireMs)), 'ms', { baseline: { label: 'require vscode-languageclient/node alone from node_modules', value: floor, unit: 'ms' } });
  record('Extension', `activate() until the language client runs (status "${runs[0].status}")`, median(runs.map((r) => r.activateMs)), 'ms');

  const pkg = spawnSync('npm', ['run', 'package'], { cwd: REPO, encoding: 'utf8' });
  const vsix = join(REPO, 'vharden.vsix');
  if (pkg.status !== 0 || !existsSync(vsix)) {
    notes.push(`npm run package failed: ${(pkg.stderr || pkg.stdout).slice(-400)}`);
    return;
  }
  const dist = ['extension.js', 'server.js', 'cli.js'].reduce((n, f) => n + statSync(join(REPO, 'dist', f)).size, 0);
  record('Extension', '.vsix size', statSync(vsix).size / 1e6, 'MB', { target: { op: '<', value: 2 }, baseline: { label: 'dist/*.js unpacked (production build)', value: dist / 1e6, unit: 'MB' } });
}

// ---------------------------------------------------------------- hostile inputs
// Every input an attacker can put in a repository or host tree must be checked (or refused with a
// diagnostic) in under 2 s and 300 MB. One run each: a hang shows as the time-out, not as noise.
const HOSTILE_MS = 2000;
const HOSTILE_MB = 300;
const HOSTILE_TIMEOUT_MS = Number(process.env.BENCH_HOSTILE_TIMEOUT_MS ?? 60_000);

function hostileRow(name, ms, rssMb, note, cpuMs) {
  const met = ms < HOSTILE_MS && rssMb < HOSTILE_MB;
  rows.push({ section: 'Hostile inputs', name, value: round(ms, 0), unit: 'ms', cpuMs: cpuMs === undefined ? null : round(cpuMs, 0), rssMb: round(rssMb, 0), target: { op: '<', value: HOSTILE_MS }, met, baseline: null, note: note ?? null });
  console.log(`[Hostile inputs] ${name}: ${round(ms, 0)} ms${cpuMs === undefined ? '' : ` (CPU ${round(cpuMs, 0)} ms)`}, ${round(rssMb, 0)} MB${met ? '' : ' (TARGET MISSED)'}${note ? ` (${note})` : ''}`);
}

function writeTree(root, files) {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

async function benchHostile() {
  // BENCH_HOSTILE=text runs only the cases whose name contains it (while working on one)
  const pick = (name) => !process.env.BENCH_HOSTILE || name.includes(process.env.BENCH_HOSTILE);
  for (const c of hostileCases().filter((x) => pick(x.name))) {
    const dir = tempDir('vh-hostile-');
    try {
      writeTree(join(dir, 'tree'), c.files);
      const out = join(dir, 'report');
      const r = timedNode([CLI, 'scan', join(dir, 'tree'), '-f', c.format ?? 'json', '-o', out, '--fail-on', 'never', ...(c.args ?? [])], { timeout: HOSTILE_TIMEOUT_MS, cwd: dir });
      const size = existsSync(out) ? statSync(out).size : 0;
      const failed = r.timedOut ? `stopped after ${HOSTILE_TIMEOUT_MS / 1000} s` : r.status !== 0 && !(c.refused && r.status === 2) ? `exit ${r.status}: ${r.stderr.trim().split('\n').at(-1)}` : undefined;
      hostileRow(c.name, r.ms, r.rssMb, failed ?? (c.refused && r.status === 2 ? `refused, exit 2: ${c.refused}` : `report ${round(size / 1e6, 2)} MB`), r.cpuMs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  await hostileServer(pick);
}

/** The language server: a code action on a huge line, and a workspace whose index holds hostile files. */
async function hostileServer(pick) {
  if (pick('language server: code actions')) await hostileCodeAction();
  if (pick('language server: a small file')) await hostileIndex();
}

async function hostileCodeAction() {
  const line = `# vharden-ignore VMX-ISO-USB${' '.repeat(240 * 1024)}x`;
  const text = `config.version = "8"\n${line}\nRemoteDisplay.vnc.enabled = "TRUE"\n`;
  const srv = new Server();
  await srv.initialize(undefined, { maxFileTimeMs: HOSTILE_TIMEOUT_MS });
  const uri = 'file:///bench/hostile-line.vmx';
  await srv.open(uri, 'vmx', text);
  await srv.diagnostics(uri, 1, HOSTILE_TIMEOUT_MS);
  const diagnostics = srv.latest.get(uri).diagnostics.filter((d) => d.code === 'VMX-CONSOLE-VNC');
  const t0 = performance.now();
  const actions = await Promise.race([
    srv.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0]?.range ?? { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, context: { diagnostics } }),
    new Promise((r) => setTimeout(() => r(undefined), HOSTILE_TIMEOUT_MS)),
  ]);
  hostileRow('language server: code actions on a finding below a 240 KB `vharden-ignore` line', performance.now() - t0, rssOf(srv.pid, true), actions ? `${actions.length} actions` : `no answer within ${HOSTILE_TIMEOUT_MS / 1000} s`);
  await srv.close();
}

/** A workspace with hostile files: a small file opened right after start must not wait for the index. */
async function hostileIndex() {
  const dir = tempDir('vh-hostile-ws-');
  try {
    writeTree(dir, {
      'net.sh': '#!/bin/sh\n' + lines(20_000, (i) => `ovs-vsctl --may-exist add-br br${i} -- --may-exist add-port br${i} tap${i}i0`),
      'etc/network/interfaces': lines(80_000, (i) => (i % 2 ? `    bridge-ports tap${i}i0` : `iface vmbr${i} inet manual`)),
      'etc/openvswitch/conf.db': ovsdb(10_000),
      'vm/x.vmx': lines(1_000_000, () => 'x'),
    });
    const ws = new Server();
    await ws.conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'hostile' }], capabilities: { workspace: { workspaceFolders: true } }, initializationOptions: {} });
    await ws.conn.sendNotification('initialized', {});
    const small = pathToFileURL(join(dir, 'small.vmx')).href;
    const t1 = performance.now();
    await ws.open(small, 'vmx', vmx(20));
    let note = '';
    try {
      await ws.diagnostics(small, 1, HOSTILE_TIMEOUT_MS);
    } catch {
      note = `no diagnostics within ${HOSTILE_TIMEOUT_MS / 1000} s`;
    }
    const opened = performance.now() - t1;
    const { busyUntil } = await untilIdle(ws.pid, 500);
    hostileRow('language server: a small file opened while the workspace index reads 4 hostile files', opened, rssOf(ws.pid, true), note || `index done after ${round((busyUntil - t1) / 1000, 1)} s`);
    await ws.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- report
const HOSTILE = 'Hostile inputs';

function hostileTable(rows) {
  const out = [`## ${HOSTILE}`, '', `Files an attacker can put in a repository or host tree (generated by \`scripts/bench/hostile.mjs\`, one run each): wall time of \`vharden scan\` on a folder holding them (Node start-up included) or of the language-server request, its CPU time, and peak RSS. Every row must stay under ${HOSTILE_MS / 1000} s and ${HOSTILE_MB} MB. \`npm run bench -- hostile\` runs only this section and rewrites it here.`, '', '| Input | Time | CPU | Peak RSS | Under 2 s and 300 MB | Note |', '|---|---|---|---|---|---|'];
  for (const r of rows.filter((x) => x.section === HOSTILE)) out.push(`| ${r.name} | ${r.value} ms | ${r.cpuMs ?? '—'}${r.cpuMs === null ? '' : ' ms'} | ${r.rssMb} MB | ${r.met ? 'yes' : '**no**'} | ${r.note ?? ''} |`);
  out.push('');
  return out;
}

function markdown(meta, rows, notes, sections) {
  const out = ['# Benchmarks', '', `Generated by \`npm run bench\` (scripts/bench/run.mjs; \`npm run bench -- cli estate\` runs and rewrites only those sections) on ${meta.cpus}× ${meta.cpuModel}, ${meta.memGb} GB, Node ${meta.node}. Each figure sits beside a baseline named in its row and measured in the same run, on the same machine, so a loaded machine moves both. Targets are ratios against that baseline (rows in "x"); the only absolute ones are the keystroke budgets (p95 under 15 ms) and the hostile-input limits. CLI and estate ratios are the median of the ratio over interleaved pairs (ours, baseline, baseline, ours …), with the minimum ratio in the note; keystroke ratios compare the same edits made interleaved on both sides, and an edit of a pair of servers is sent once both have been quiet for 40 ms. "Warm" runs read files the previous run left in the page cache; "cold" runs drop the page cache of the files read (posix_fadvise, scripts/bench/drop-cache.py) before each run. Other figures are medians of ${meta.runs} runs unless the row says otherwise; p95 is the nearest-rank 95th percentile.`, ''];
  for (const section of [...new Set(rows.map((r) => r.section))]) {
    const m = sections[section];
    const when = m ? `Measured on ${m.date} at ${m.commit}${m.load.length ? `, load average ${m.load.join(', ')}` : ''}.` : '';
    if (section === HOSTILE) {
      out.push(...hostileTable(rows));
      if (when) out.push(when, '');
      continue;
    }
    out.push(`## ${section}`, '');
    if (when) out.push(when, '');
    out.push('| Measure | Value | Target | Met | Baseline (same run) |', '|---|---|---|---|---|');
    for (const r of rows.filter((x) => x.section === section)) {
      const target = r.target ? `${r.target.op === '<' ? '<' : '≤'} ${r.target.value} ${r.unit}` : '';
      const met = r.met === null ? '' : r.met ? 'yes' : '**no**';
      const base = r.baseline ? `${r.baseline.value} ${r.baseline.unit} — ${r.baseline.label}` : '';
      out.push(`| ${r.name}${r.note ? ` (${r.note})` : ''} | ${r.value} ${r.unit} | ${target} | ${met} | ${base} |`);
    }
    out.push('');
  }
  if (notes.length) out.push('## Notes from these runs', '', ...notes.map((n) => `- ${n.section ? `${n.section}: ` : ''}${n.text}`), '');
  const history = join(REPO, 'scripts', 'bench', 'profiling.md');
  if (existsSync(history)) out.push(readFileSync(history, 'utf8').trim(), '');
  return out.join('\n');
}

const meta = { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU', memGb: Math.round(totalmem() / 2 ** 30), node: process.versions.node, runs: RUNS };
if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build first (the bench measures dist/ as it is, never rebuilding it)');
const commit = spawnSync('git', ['describe', '--always', '--dirty'], { cwd: REPO, encoding: 'utf8' }).stdout.trim() || 'unknown commit';
const SECTIONS = { cli: ['CLI', benchCorpus], estate: ['Estate', benchEstate], fleet: ['Fleet', benchFleet], server: ['Language server', benchServer], workspace: ['Workspace', benchWorkspace], extension: ['Extension', benchExtension], hostile: [HOSTILE, benchHostile] };
const only = process.argv.slice(2).filter((a) => a !== '--only');
for (const o of only) if (!SECTIONS[o]) throw new Error(`unknown section ${o} (${Object.keys(SECTIONS).join(', ')})`);
const sections = {};
const noteRows = [];
const t0 = performance.now();
for (const [key, [name, bench]] of Object.entries(SECTIONS)) {
  if (only.length && !only.includes(key)) continue;
  const before = notes.length;
  await bench();
  for (const text of notes.slice(before)) noteRows.push({ section: name, text });
  sections[name] = { date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', commit, load: loadavg().map((x) => round(x, 1)) };
}
console.log(`bench took ${round((performance.now() - t0) / 1000, 1)} s`);
// BENCH_HOSTILE picks some hostile cases while working on them: nothing is written then
if (!process.env.BENCH_HOSTILE) {
  const resultsPath = join(REPO, 'bench-results.json');
  // a run of some sections keeps the other sections of the last run
  const old = only.length && existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : { results: [], notes: [], sections: {} };
  const ran = new Set(Object.keys(sections));
  const keep = (section) => section !== undefined && !ran.has(section);
  const merged = {
    meta,
    sections: { ...Object.fromEntries(Object.entries(old.sections ?? {}).filter(([k]) => keep(k))), ...sections },
    results: [...old.results.filter((r) => keep(r.section)), ...rows],
    notes: [...(old.notes ?? []).filter((n) => typeof n === 'object' && keep(n.section)), ...noteRows],
  };
  const order = Object.values(SECTIONS).map(([name]) => name);
  merged.results.sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section));
  writeFileSync(resultsPath, JSON.stringify(merged, null, 2) + '\n');
  writeFileSync(join(REPO, 'BENCHMARKS.md'), markdown(meta, merged.results, merged.notes, merged.sections));
  console.log('wrote BENCHMARKS.md and bench-results.json');
}
