import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';

/**
 * A file of /proc, or nothing when its process has ended. Read synchronously: each is a few
 * hundred bytes the kernel writes on the spot, and the asynchronous reads' round trips through
 * libuv's threads made the sampler cost several times more CPU.
 */
function readProc(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** `pid` and its descendants, from the parent of every process in /proc. */
export function processTree(pid: number): Set<number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProc(`/proc/${name}/stat`);
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
  /** CPU time, user and system, that the counted processes under `pid` (not `pid` itself) were last seen to have used since the watch began. */
  cpuMs: number;
  /** The same for the processes under `pid` that do not count. */
  otherCpuMs: number;
  /** How many counted processes ended during the watch: each lost what it used after its last sample. */
  endedProcesses: number;
  /** The longest time between two samples: what a process that ended may have used unseen, per thread it kept busy. */
  longestGapMs: number;
}

export interface WatchOptions {
  /**
   * Which processes' CPU time counts, by their command name (`comm`, at most 15 characters):
   * Chromium's, say, and not a compiler's service that the watched process also runs. Memory
   * always counts the whole tree. Every process counts by default.
   */
  counts?: (command: string) => boolean;
}

/** The length of a tick of /proc's CPU times (USER_HZ), read once; 100 a second on every Linux seen so far. */
let tickMs: number | undefined;
function clockTickMs(): number {
  if (tickMs === undefined) {
    let perSecond = 100;
    try {
      perSecond = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;
    } catch {
      // No getconf: Linux's USER_HZ is 100 on every architecture it runs on.
    }
    tickMs = 1000 / perSecond;
  }
  return tickMs;
}

/**
 * Sample `pid` and its descendants every 100 ms until `stop` is called: summed memory, and the
 * CPU time each counted process under `pid` has used (`utime` and `stime` of /proc/<pid>/stat).
 * A process already there at the first sample counts only from then. Every process counts for
 * what it had used when last sampled, so the end of each one that ends is lost (up to
 * `longestGapMs` of each thread it kept busy), and a process that lived less than the 300 ms
 * between two looks at the tree may not be seen at all. `usage()` takes a sample at once and
 * says what the processes have used so far; `stop()` takes a last one and stops.
 */
export function watchProcessTree(
  pid: number,
  options: WatchOptions = {}
): {
  usage(): {cpuMs: number; otherCpuMs: number};
  stop(): TreeWatch;
} {
  const counts = options.counts ?? (() => true);
  const tick = clockTickMs();
  const cpuTicks = new Map<number, number>();
  const otherTicks = new Map<number, number>();
  /** What each process already there at the first sample had used before it. */
  const ticksBefore = new Map<number, number>();
  /** The counted processes the last sample saw: the others have ended. */
  let lastSeen = new Set<number>();
  let tree = new Set([pid]);
  let peakRssBytes = 0;
  let peakPssBytes = 0;
  let count = 0;
  let lastSampleAt: number | undefined;
  let longestGapMs = 0;
  const sample = (fresh: boolean) => {
    // The tree is looked up afresh every third sample (and for a sample asked for), and PSS, which
    // walks the page tables of a gigabyte renderer, every tenth: more, and the sampler itself takes a core.
    const withPss = count % 10 === 0;
    const first = count === 0;
    if (count++ % 3 === 0 || fresh) tree = processTree(pid);
    let rss = 0;
    let pss = 0;
    const seen = new Set<number>();
    for (const member of tree) {
      const status = readProc(`/proc/${member}/status`);
      const stat = member === pid ? '' : readProc(`/proc/${member}/stat`);
      const rollup = withPss ? readProc(`/proc/${member}/smaps_rollup`) : '';
      rss += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
      pss += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      if (!stat) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const used = Number(fields[11]) + Number(fields[12]);
      if (first) ticksBefore.set(member, used);
      // The command name is between the first `(` and the last `)`, and may hold either.
      if (!counts(stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')))) {
        otherTicks.set(member, used);
        continue;
      }
      cpuTicks.set(member, used);
      seen.add(member);
    }
    lastSeen = seen;
    peakRssBytes = Math.max(peakRssBytes, rss);
    peakPssBytes = Math.max(peakPssBytes, pss);
    const now = performance.now();
    if (lastSampleAt !== undefined) longestGapMs = Math.max(longestGapMs, now - lastSampleAt);
    lastSampleAt = now;
  };
  const usedMs = (of: Map<number, number>) => {
    let ticks = 0;
    for (const [member, used] of of) ticks += used - (ticksBefore.get(member) ?? 0);
    return ticks * tick;
  };
  const usage = () => ({cpuMs: usedMs(cpuTicks), otherCpuMs: usedMs(otherTicks)});
  const timer = setInterval(() => sample(false), 100);
  sample(true);
  return {
    usage() {
      sample(true);
      return usage();
    },
    stop() {
      clearInterval(timer);
      sample(true);
      const endedProcesses = [...cpuTicks.keys()].filter((member) => !lastSeen.has(member)).length;
      return {peakRssBytes, peakPssBytes, ...usage(), endedProcesses, longestGapMs};
    }
  };
}
