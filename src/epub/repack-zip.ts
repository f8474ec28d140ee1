import {unzipSync, zipSync, type Zippable} from 'fflate';

/** The first entry of every EPUB, stored uncompressed so reading systems can sniff it at byte 38. */
const mimetype = 'mimetype';

/**
 * Rewrite a zip as an EPUB that is the same bytes on every build: `mimetype` first and stored,
 * then every other file in name order, compressed, each dated `date`; `extra` files are added.
 * JSZip (inside epub-gen-memory) stamps each entry with the time of packing, which this replaces.
 */
export function repackEpub(zip: Uint8Array, extra: Readonly<Record<string, Uint8Array>>, date: Date): Uint8Array {
  const entries: Record<string, Uint8Array> = {...unzipSync(zip), ...extra};
  const type = entries[mimetype];
  if (!type) throw new Error('The packed EPUB has no `mimetype` file');
  const files: Zippable = {[mimetype]: [type, {level: 0}]};
  const names = Object.keys(entries)
    .filter((name) => name !== mimetype && !name.endsWith('/')) // Folders are implied by the paths.
    .sort(compareNames);
  for (const name of names) files[name] = [entries[name]!, {level: 9}];
  return setEntryTimes(zipSync(files), date);
}

/** `META-INF` first (where reading systems look first), then the rest in code-point order. */
function compareNames(a: string, b: string): number {
  const rank = (name: string) => (name.startsWith('META-INF/') ? 0 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Date every entry `date`, in UTC. A zip entry's MS-DOS date and time have no zone, and fflate
 * reads them from a `Date` in the machine's zone, where a wall time that falls in a
 * daylight-saving gap does not exist (02:30 on 28 March 2021 in Berlin becomes 03:30). So the
 * fields are written here, into every local header and central directory entry, from the UTC
 * fields of `date`. The format cannot hold dates before 1980.
 */
function setEntryTimes(zip: Uint8Array, date: Date): Uint8Array {
  const utc = new Date(Math.max(date.getTime(), Date.UTC(1980, 0, 1)));
  const time = (utc.getUTCHours() << 11) | (utc.getUTCMinutes() << 5) | (utc.getUTCSeconds() >> 1);
  const day = ((utc.getUTCFullYear() - 1980) << 9) | ((utc.getUTCMonth() + 1) << 5) | utc.getUTCDate();
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.byteLength - 22; // fflate writes no archive comment: the end record is the last 22 bytes.
  if (view.getUint32(end, true) !== 0x06054b50)
    throw new Error('The repacked EPUB has no end of central directory record');
  const count = view.getUint16(end + 10, true);
  let entry = view.getUint32(end + 16, true);
  for (let index = 0; index < count; index++) {
    if (view.getUint32(entry, true) !== 0x02014b50) throw new Error('The repacked EPUB has a broken central directory');
    const local = view.getUint32(entry + 42, true);
    for (const offset of [entry + 12, local + 10]) {
      view.setUint16(offset, time, true);
      view.setUint16(offset + 2, day, true);
    }
    entry +=
      46 + view.getUint16(entry + 28, true) + view.getUint16(entry + 30, true) + view.getUint16(entry + 32, true);
  }
  return zip;
}
