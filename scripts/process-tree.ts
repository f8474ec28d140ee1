import {readdir, readFile} from 'node:fs/promises';

/** `pid` and its descendants, from the parent of every process in /proc. */
export async function processTree(pid: number): Promise<Set<number>> {
  const parents = new Map<number, number>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // The command name may hold spaces and parentheses: fields start after the last `)`.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[1]) parents.set(Number(name), Number(fields[1]));
  }
  const tree = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [child, parent] of parents) {
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
    }
  }
  return tree;
}

/** What `watchProcessTree` saw. */
export interface TreeWatch {
  /** The largest sum of VmRSS of the tree seen at once. */
  peakRssBytes: number;
  /** The largest sum of PSS seen at once (shared pages split between their processes), read every tenth sample. */
  peakPssBytes: number;
  /** CPU time, user and system, that the processes under `pid` (not `pid` itself) were last seen to have used since the watch began. */
  descendantsCpuMs: number;
}

/**
 * Sample `pid` and its descendants every 100 ms until `stop` is called: summed memory, and the
 * CPU time each process under `pid` has used (`utime` and `stime` of /proc/<pid>/stat). A process
 * already there at the first sample counts only from then; every process counts for what it had
 * used when last sampled, so the end of each is lost (100 ms, more when a busy machine delays a
 * sample), and a process that lived less than the 300 ms between two looks at the tree may not be
 * seen at all.
 */
export function watchProcessTree(pid: number): {stop(): TreeWatch} {
  const cpuTicks = new Map<number, number>();
  /** What each process already there at the first sample had used before it. */
  const ticksBefore = new Map<number, number>();
  let tree = new Set([pid]);
  let peakRssBytes = 0;
  let peakPssBytes = 0;
  let tick = 0;
  let sampling = false;
  const sample = async () => {
    // The tree is looked up afresh every third sample, and PSS, which walks the page tables of a
    // gigabyte renderer, every tenth: more, and the sampler itself takes a core.
    const withPss = tick % 10 === 0;
    const first = tick === 0;
    if (tick++ % 3 === 0) tree = await processTree(pid);
    let rss = 0;
    let pss = 0;
    for (const member of tree) {
      const [status, stat, rollup] = await Promise.all([
        readFile(`/proc/${member}/status`, 'utf8').catch(() => ''),
        member === pid ? '' : readFile(`/proc/${member}/stat`, 'utf8').catch(() => ''),
        withPss ? readFile(`/proc/${member}/smaps_rollup`, 'utf8').catch(() => '') : ''
      ]);
      rss += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
      pss += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      if (stat) {
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const used = Number(fields[11]) + Number(fields[12]);
        if (first) ticksBefore.set(member, used);
        cpuTicks.set(member, used);
      }
    }
    peakRssBytes = Math.max(peakRssBytes, rss);
    peakPssBytes = Math.max(peakPssBytes, pss);
  };
  const timer = setInterval(() => {
    // A sample still reading /proc is not overtaken by the next.
    if (sampling) return;
    sampling = true;
    sample().then(
      () => (sampling = false),
      () => (sampling = false)
    );
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      let ticks = 0;
      for (const [member, used] of cpuTicks) ticks += used - (ticksBefore.get(member) ?? 0);
      // /proc gives CPU time in USER_HZ, 100 a second on Linux whatever the kernel's own tick.
      return {peakRssBytes, peakPssBytes, descendantsCpuMs: ticks * 10};
    }
  };
}
