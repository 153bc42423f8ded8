// Preloaded into benchmarked processes: writes their peak resident memory (KiB) to a file.
process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
