import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {cp, mkdtemp, readFile, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ensureCompiled} from '../scripts/compile.mjs';
import {reportEditions} from '../src/content/editions.js';
import {loadReport} from '../src/content/load-report.js';
import {editionOutline, shardItems, workItems, type WorkItem} from '../src/plan/work-items.js';
import {projectRoot} from '../src/project-paths.js';
import {buildToTemp, sampleContent} from './helpers/build.js';
import {githubWorkflow} from './helpers/github-workflow.js';

/**
 * `folio build --shard I/N` and `folio plan` (src/plan/): the GitHub Actions workflow that
 * docs/ci.md gives, its jobs' commands run as written, collects exactly the unsharded build's
 * outputs, byte for byte, each from one shard, as does a build that makes one output at a time;
 * and the plan deals the work out evenly and the same way every time.
 */
const saved = process.env.SOURCE_DATE_EPOCH;
const workflow = githubWorkflow(path.join(projectRoot, 'docs/ci.md'));
let whole: Map<string, string>;
let oneAtATime: Map<string, string>;
/** What each matrix job uploaded, by path in the collected artifact. */
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
  // The date every job of the workflow builds with.
  process.env.SOURCE_DATE_EPOCH = workflow.build.env.SOURCE_DATE_EPOCH;
  // Two lanes, as on a machine of two cores or more: the report, the briefs and the EPUB side by side.
  whole = await outputs((await buildToTemp(sampleContent, {lanes: 2})).outDir);
  oneAtATime = await outputs((await buildToTemp(sampleContent, {lanes: 1})).outDir);
  // Each matrix job: a checkout (the sample as `content/`), then its `run` steps, then what it uploads.
  expect(ensureCompiled(() => undefined)).toBe(true);
  parts = [];
  for (const job of workflow.build.jobs) {
    const checkout = await mkdtemp(path.join(tmpdir(), 'folio-ci-job-'));
    await cp(sampleContent, path.join(checkout, 'content'), {recursive: true});
    for (const args of job.folioCommands)
      await promisify(execFile)(process.execPath, [path.join(projectRoot, 'dist/cli.js'), ...args], {
        cwd: checkout,
        env: {...process.env, ...workflow.build.env}
      });
    parts.push(await uploaded(checkout, workflow.build.uploads));
    await rm(checkout, {recursive: true, force: true});
  }
}, 300_000);

/** The files the upload step's `path` lines pick out of `checkout`, by path in the artifact (from the lines' common folder). */
async function uploaded(checkout: string, patterns: readonly string[]): Promise<Map<string, string>> {
  const folders = patterns.map((pattern) => (pattern.endsWith('/') ? pattern.slice(0, -1) : path.dirname(pattern)));
  const common = folders.reduce((a, b) => {
    while (b !== a && !b.startsWith(`${a}/`)) a = path.dirname(a);
    return a;
  });
  const files = new Map<string, string>();
  for (const [file, hash] of await outputs(path.join(checkout, common))) {
    const full = path.join(common, file);
    const picked = patterns.some((pattern) =>
      pattern.endsWith('/')
        ? full.startsWith(pattern)
        : path.dirname(full) === path.dirname(pattern) && full.endsWith(path.basename(pattern).replace(/^\*/, ''))
    );
    if (picked) files.set(file, hash);
  }
  return files;
}

afterAll(() => {
  if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = saved;
});

describe('a build in shards, as the GitHub Actions workflow in docs/ci.md runs it', () => {
  it('has one job per shard, each building its own share of as many shards as there are jobs', () => {
    expect(workflow.build.jobs.length).toBeGreaterThan(1);
    workflow.build.jobs.forEach((job, index) =>
      expect(job.folioCommands).toContainEqual(['build', '--shard', `${index + 1}/${workflow.build.jobs.length}`])
    );
    // The collecting job takes every build job's artifact, into one folder.
    expect(workflow.collect.takes(workflow.build.jobs.map((job) => job.artifact))).toBe(true);
  });

  it('collects, together, exactly the files of the unsharded build, byte for byte, each from one job', () => {
    expect(whole.size).toBe(8);
    const union = new Map<string, string>();
    parts.forEach((part, index) => {
      expect(part.size, `job ${index + 1} uploaded nothing`).toBeGreaterThan(0);
      for (const [file, hash] of part) {
        expect(union.has(file), `${file} is uploaded by two jobs`).toBe(false);
        union.set(file, hash);
      }
    });
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
