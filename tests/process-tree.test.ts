import {spawn} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {watchProcessTree} from '../scripts/process-tree.js';

/** Node, run under a shell, keeping a core busy until it has used `ms` of CPU time. */
const burn = (ms: number) =>
  `"${process.execPath}" -e 'const s = process.cpuUsage(); while (true) { const u = process.cpuUsage(s); if (u.user + u.system >= ${ms * 1000}) break; }'`;

/** The benchmark's sampler of a process tree: it must see the CPU time of a grandchild, and not its own. */
describe('watchProcessTree', () => {
  it("counts the CPU time of every process under the one watched, grandchildren too, but not the watched process's own", async () => {
    // A shell (the child) runs Node (the grandchild), which keeps a core busy until it has used 800 ms of CPU.
    const child = spawn('sh', ['-c', `${burn(800)}; sleep 0.3`], {stdio: 'ignore'});
    const watch = watchProcessTree(child.pid!);
    await new Promise((resolve) => child.on('close', resolve));
    const {cpuMs, peakRssBytes, endedProcesses, longestGapMs} = watch.stop();
    // Node's start-up adds a little; the grandchild's last 100 ms or so (a sample's gap) go unseen.
    expect(cpuMs).toBeGreaterThanOrEqual(800 - longestGapMs - 100);
    expect(cpuMs).toBeLessThan(1500);
    expect(endedProcesses).toBeGreaterThanOrEqual(1);
    expect(peakRssBytes).toBeGreaterThan(10 * 1048576);

    // This test's own process, busy as long, is not among the descendants of a process it watches.
    const self = watchProcessTree(process.pid);
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user < 400000);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(self.stop().cpuMs).toBeLessThan(200);
  });

  it('counts only the processes it is told to, by their command name', async () => {
    // Node burns 600 ms under the shell; the shell's own `sleep` is all that counts, and Node is the other.
    const child = spawn('sh', ['-c', `${burn(600)}; sleep 0.3`], {stdio: 'ignore'});
    const watch = watchProcessTree(child.pid!, {counts: (command) => command === 'sleep'});
    await new Promise((resolve) => child.on('close', resolve));
    const {cpuMs, otherCpuMs, longestGapMs} = watch.stop();
    expect(cpuMs).toBeLessThan(100);
    expect(otherCpuMs).toBeGreaterThanOrEqual(600 - longestGapMs - 100);
  });

  it('counts a process that was there before the watch only from the watch on', async () => {
    // A shell's child uses 700 ms of CPU, says so, then idles; that past is not the watch's.
    const busy = `const s = process.cpuUsage(); while (process.cpuUsage(s).user < 700000); console.log("busy"); setTimeout(() => {}, 3000)`;
    const shell = spawn('sh', ['-c', `"${process.execPath}" -e '${busy}'`], {stdio: ['ignore', 'pipe', 'ignore']});
    try {
      await new Promise((resolve) => shell.stdout.once('data', resolve));
      const watch = watchProcessTree(shell.pid!);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(watch.stop().cpuMs).toBeLessThan(200);
    } finally {
      // The shell's child ends by itself, 3 s after it was busy.
      shell.kill();
    }
  });

  it('says what has been used so far, at once, and counts to the last sample at the stop', async () => {
    // The grandchild burns 500 ms and idles until it is killed: `usage()` sees all of it.
    const busy = `const s = process.cpuUsage(); while (true) { const u = process.cpuUsage(s); if (u.user + u.system >= 500000) break; } console.log("busy"); setTimeout(() => {}, 5000)`;
    const shell = spawn('sh', ['-c', `"${process.execPath}" -e '${busy}'`], {stdio: ['ignore', 'pipe', 'ignore']});
    try {
      const watch = watchProcessTree(shell.pid!);
      await new Promise((resolve) => shell.stdout.once('data', resolve));
      expect(watch.usage().cpuMs).toBeGreaterThanOrEqual(500);
      const {cpuMs, endedProcesses} = watch.stop();
      expect(cpuMs).toBeGreaterThanOrEqual(500);
      expect(cpuMs).toBeLessThan(1000);
      // The grandchild is still running: nothing has ended.
      expect(endedProcesses).toBe(0);
    } finally {
      shell.kill();
    }
  });
});
