import {readdir, rm} from 'node:fs/promises';
import path from 'node:path';

/** Remove the entries of a cache folder (`<key><extension>`) whose key a build did not use, so the cache never outgrows the report. */
export async function dropUnusedEntries(dir: string, used: ReadonlySet<string>, extension: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => !used.has(path.basename(name, extension)))
      .map((name) => rm(path.join(dir, name), {force: true}))
  );
}
