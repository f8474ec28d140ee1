/**
 * Run `jobs` with at most `lanes` of them at a time, each starting as soon as a lane is free, in
 * the order given; the results come back in that order. When a job fails, no new job starts, the
 * running ones are waited for (so that nothing they hold, such as the browser, is closed under
 * them), and the first failure is thrown.
 */
export async function runInLanes<T>(jobs: ReadonlyArray<() => Promise<T>>, lanes: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  let failure: {error: unknown} | undefined;
  const lane = async () => {
    while (!failure && next < jobs.length) {
      const index = next++;
      try {
        results[index] = await jobs[index]!();
      } catch (error) {
        failure ??= {error};
      }
    }
  };
  await Promise.all(Array.from({length: Math.max(1, Math.min(lanes, jobs.length))}, lane));
  if (failure) throw failure.error;
  return results;
}
