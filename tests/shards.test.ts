import {createHash} from 'node:crypto';
import {readFile, readdir} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {reportEditions} from '../src/content/editions.js';
import {loadReport} from '../src/content/load-report.js';
import {editionOutline, shardItems, workItems, type WorkItem} from '../src/plan/work-items.js';
import {buildToTemp, sampleContent} from './helpers/build.js';

/**
 * `folio build --shard I/N` and `folio plan` (src/plan/): N shards together build exactly the
 * unsharded build's outputs, byte for byte, each output once, as does a build that makes one
 * output at a time; and the plan deals the work out evenly and the same way every time.
 */
const saved = process.env.SOURCE_DATE_EPOCH;
const shards = 3;
let whole: Map<string, string>;
let oneAtATime: Map<string, string>;
let parts: Array<Map<string, string>>;

/** Every file a build wrote (the cache excepted), by path relative to its output folder, with its SHA-256. */
async function outputs(outDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(outDir, {recursive: true, withFileTypes: true})) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(outDir, full);
    if (!entry.isFile() || relative.startsWith('.folio-cache')) continue;
    files.set(
      relative,
      createHash('sha256')
        .update(await readFile(full))
        .digest('hex')
    );
  }
  return files;
}

beforeAll(async () => {
  process.env.SOURCE_DATE_EPOCH = '1617753600';
  // Two lanes, as on a machine of two cores or more: the report, the briefs and the EPUB side by side.
  whole = await outputs((await buildToTemp(sampleContent, {lanes: 2})).outDir);
  oneAtATime = await outputs((await buildToTemp(sampleContent, {lanes: 1})).outDir);
  parts = [];
  for (let index = 1; index <= shards; index++)
    parts.push(await outputs((await buildToTemp(sampleContent, {shard: {index, count: shards}})).outDir));
}, 300_000);

afterAll(() => {
  if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = saved;
});

describe('a build in shards', () => {
  it('makes, together, exactly the files of the unsharded build, byte for byte, each in one shard', () => {
    expect(whole.size).toBe(8);
    const union = new Map<string, string>();
    for (const part of parts) {
      expect(part.size).toBeGreaterThan(0);
      for (const [file, hash] of part) {
        expect(union.has(file), `${file} is built by two shards`).toBe(false);
        union.set(file, hash);
      }
    }
    expect(new Map([...union].sort())).toEqual(new Map([...whole].sort()));
  });
});

describe('a build that makes its outputs side by side', () => {
  it('writes the same bytes as one that makes them one after another', () => {
    expect(oneAtATime.size).toBe(8);
    expect(new Map([...whole].sort())).toEqual(new Map([...oneAtATime].sort()));
  });
});

describe('the plan', () => {
  let items: WorkItem[];
  beforeAll(async () => {
    const {report} = await loadReport(sampleContent);
    items = workItems(reportEditions(report!).map(editionOutline), ['pdf', 'epub', 'briefs']);
  });

  it('lists every output of the build once, with what each is expected to cost', () => {
    expect(items.map((item) => item.output).sort()).toEqual([...whole.keys()].sort());
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    for (const item of items) expect(item.weight).toBeGreaterThan(0);
  });

  it('deals the items out so that no shard is heavier than another by more than the heaviest item', () => {
    for (const count of [1, 2, 3, 5, 12]) {
      const loads = Array.from({length: count}, (_, index) =>
        shardItems(items, {index: index + 1, count}).reduce((sum, item) => sum + item.weight, 0)
      );
      expect(loads.reduce((sum, load) => sum + load, 0)).toBe(items.reduce((sum, item) => sum + item.weight, 0));
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(
        Math.max(...items.map((item) => item.weight))
      );
      // The same split every time, whatever order the items come in.
      expect(
        shardItems([...items].reverse(), {index: 1, count})
          .map((item) => item.id)
          .sort()
      ).toEqual(
        shardItems(items, {index: 1, count})
          .map((item) => item.id)
          .sort()
      );
    }
  });
});
