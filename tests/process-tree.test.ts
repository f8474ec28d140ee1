import {spawn} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {watchProcessTree} from '../scripts/process-tree.js';

/** The benchmark's sampler of a process tree: it must see the CPU time of a grandchild, and not its own. */
describe('watchProcessTree', () => {
  it("counts the CPU time of every process under the one watched, grandchildren too, but not the watched process's own", async () => {
    // A shell (the child) runs Node (the grandchild), which keeps a core busy until it has used 800 ms of CPU.
    const busy = `const s = process.cpuUsage(); while (true) { const u = process.cpuUsage(s); if (u.user + u.system >= 800000) break; }`;
    const child = spawn('sh', ['-c', `"${process.execPath}" -e '${busy}'; sleep 0.3`], {stdio: 'ignore'});
    const watch = watchProcessTree(child.pid!);
    await new Promise((resolve) => child.on('close', resolve));
    const {descendantsCpuMs, peakRssBytes} = watch.stop();
    // Node's start-up adds a little; the last sample may come up to 100 ms before the grandchild ends.
    expect(descendantsCpuMs).toBeGreaterThanOrEqual(600);
    expect(descendantsCpuMs).toBeLessThan(1500);
    expect(peakRssBytes).toBeGreaterThan(10 * 1048576);

    // This test's own process, busy as long, is not among the descendants of a process it watches.
    const self = watchProcessTree(process.pid);
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user < 400000);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(self.stop().descendantsCpuMs).toBeLessThan(200);
  });

  it('counts a process that was there before the watch only from the watch on', async () => {
    // A shell's child uses 700 ms of CPU, says so, then idles; that past is not the watch's.
    const busy = `const s = process.cpuUsage(); while (process.cpuUsage(s).user < 700000); console.log("busy"); setTimeout(() => {}, 3000)`;
    const shell = spawn('sh', ['-c', `"${process.execPath}" -e '${busy}'`], {stdio: ['ignore', 'pipe', 'ignore']});
    try {
      await new Promise((resolve) => shell.stdout.once('data', resolve));
      const watch = watchProcessTree(shell.pid!);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(watch.stop().descendantsCpuMs).toBeLessThan(200);
    } finally {
      // The shell's child ends by itself, 3 s after it was busy.
      shell.kill();
    }
  });
});
