import {setTimeout as sleep} from 'node:timers/promises';
import {describe, expect, it} from 'vitest';
import {runInLanes} from '../src/system/run-in-lanes.js';

/** A job that records when it runs, waits `ms`, and then gives `value` or fails with it. */
function recorder() {
  let running = 0;
  let most = 0;
  const started: string[] = [];
  const events: string[] = [];
  const job =
    (name: string, ms: number, fails = false) =>
    async () => {
      started.push(name);
      events.push(`start ${name}`);
      most = Math.max(most, ++running);
      await sleep(ms);
      running--;
      events.push(`end ${name}`);
      if (fails) throw new Error(`${name} failed`);
      return name;
    };
  return {job, started, events, most: () => most, running: () => running};
}

describe('runInLanes', () => {
  it('runs at most `lanes` jobs at once and gives the results in the order of the jobs', async () => {
    const {job, most} = recorder();
    const results = await runInLanes([job('a', 30), job('b', 5), job('c', 5), job('d', 5)], 2);
    expect(results).toEqual(['a', 'b', 'c', 'd']);
    expect(most()).toBe(2);
  });

  it('starts each job as soon as a lane is free, in the order given, not in batches', async () => {
    const {job, events} = recorder();
    await runInLanes([job('long', 60), job('short', 5), job('next', 5), job('last', 5)], 2);
    // `short` frees its lane first: `next` and `last` run there while `long` still runs.
    expect(events.filter((event) => event.startsWith('start'))).toEqual([
      'start long',
      'start short',
      'start next',
      'start last'
    ]);
    expect(events.indexOf('start last')).toBeLessThan(events.indexOf('end long'));
  });

  it('with one lane, runs the jobs one after another', async () => {
    const {job, most} = recorder();
    expect(await runInLanes([job('a', 5), job('b', 5), job('c', 5)], 1)).toEqual(['a', 'b', 'c']);
    expect(most()).toBe(1);
  });

  it('after a failure, starts no new job, waits for the running ones, and throws the first failure', async () => {
    const {job, started, running} = recorder();
    const jobs = [job('slow', 40), job('broken', 5, true), job('never', 5)];
    await expect(runInLanes(jobs, 2)).rejects.toThrow('broken failed');
    expect(started).toEqual(['slow', 'broken']);
    // `slow` was still running when `broken` failed: it has finished before the failure is thrown.
    expect(running()).toBe(0);
  });

  it('runs an empty list, and takes fewer lanes than one as one', async () => {
    expect(await runInLanes([], 2)).toEqual([]);
    const {job} = recorder();
    expect(await runInLanes([job('a', 1)], 0)).toEqual(['a']);
  });
});
