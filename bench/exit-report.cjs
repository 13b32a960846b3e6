// Preloaded into a measured process (`node --require bench/exit-report.cjs …`): when it exits, it writes its own CPU
// time (user + system, from its start) and peak resident set size to the file named by BENCH_EXIT_REPORT. Read from
// inside, so a child's figures are its own whatever started it.
const { readFileSync, writeFileSync } = require('node:fs');

const target = process.env.BENCH_EXIT_REPORT;
if (target) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    let peakKib = process.resourceUsage().maxRSS;
    try {
      peakKib = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
    } catch {
      // not Linux: getrusage's maxRSS (which a child inherits from its parent at fork)
    }
    writeFileSync(target, JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: peakKib / 1024 }));
  });
}
