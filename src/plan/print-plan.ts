import {loadReport} from '../content/load-report.js';
import {reportEditions} from '../content/editions.js';
import {ContentError} from '../diagnostics/errors.js';
import {hasErrors} from '../diagnostics/messages.js';
import {formatMessages} from '../diagnostics/reporter.js';
import type {Format} from '../formats.js';
import {selectBriefChapters} from '../pdf/brief-chapters.js';
import {editionOutline, shardItems, workItems} from './work-items.js';

/**
 * `folio plan`: every output the build of `formats` makes, with its expected pages and the shard
 * (of `shards`) that builds it, as a table or as JSON. It only loads the report (no compiling,
 * no browser), so a CI job can plan in a second; a `--chapter` that names no chapter is an error,
 * as in `build`.
 */
export async function planCommand(options: {
  contentDir: string;
  formats: Format[];
  chapters: string[];
  shards: number;
  json: boolean;
}): Promise<string> {
  const {report, files} = await loadReport(options.contentDir);
  if (!report || hasErrors(files)) {
    process.stderr.write(formatMessages(files));
    throw new ContentError(files);
  }
  const outlines = reportEditions(report).map(editionOutline);
  if (options.formats.includes('briefs')) selectBriefChapters(outlines[0]!, options.chapters);
  const items = workItems(outlines, options.formats, options.chapters);
  const shardOf = new Map<string, number>();
  for (let index = 1; index <= options.shards; index++)
    for (const item of shardItems(items, {index, count: options.shards})) shardOf.set(item.id, index);
  const planned = items.map((item) => ({...item, shard: shardOf.get(item.id)!}));
  if (options.json) {
    const shards = Array.from({length: options.shards}, (_, index) => ({
      shard: index + 1,
      weight: planned.filter((item) => item.shard === index + 1).reduce((sum, item) => sum + item.weight, 0)
    }));
    return `${JSON.stringify({shards, items: planned}, null, 2)}\n`;
  }
  const width = Math.max(...planned.map((item) => item.output.length), 'output'.length);
  return [
    `${'output'.padEnd(width)}  weight  shard`,
    ...planned.map(
      (item) => `${item.output.padEnd(width)}  ${String(item.weight).padStart(6)}  ${String(item.shard).padStart(5)}`
    ),
    ''
  ].join('\n');
}
