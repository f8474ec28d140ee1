import {zipSync} from 'fflate';
import {afterEach, describe, expect, it} from 'vitest';
import {repackEpub} from '../src/epub/repack-zip.js';

const savedZone = process.env.TZ;
afterEach(() => {
  if (savedZone === undefined) delete process.env.TZ;
  else process.env.TZ = savedZone;
});

describe('repacking the EPUB', () => {
  it('dates every entry in UTC, the same bytes in any time zone, a daylight-saving gap included', async () => {
    const packed = zipSync({
      mimetype: new TextEncoder().encode('application/epub+zip'),
      'OEBPS/a.xhtml': new TextEncoder().encode('<p/>')
    });
    // 02:30 UTC on 28 March 2021: in Berlin that wall time does not exist (the clocks went from 02:00 to 03:00).
    const date = new Date(Date.UTC(2021, 2, 28, 2, 30, 0));
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Almaty'];
    const bytes = zones.map((zone) => {
      process.env.TZ = zone; // Node applies a new TZ at once.
      return repackEpub(packed, {'OEBPS/b.png': new Uint8Array([1, 2, 3])}, date);
    });
    for (const other of bytes.slice(1)) expect(Buffer.from(other).equals(Buffer.from(bytes[0]!))).toBe(true);
    // Every central directory entry says 2021-03-28 02:30:00 in its MS-DOS date and time fields.
    expect(entryTimes(bytes[0]!)).toEqual(['2021-03-28 02:30:00', '2021-03-28 02:30:00', '2021-03-28 02:30:00']);
  });
});

/** The date and time of each entry, read from the zip's central directory. */
function entryTimes(zip: Uint8Array): string[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.byteLength - 22;
  const times: string[] = [];
  let entry = view.getUint32(end + 16, true);
  for (let index = 0; index < view.getUint16(end + 10, true); index++) {
    const time = view.getUint16(entry + 12, true);
    const day = view.getUint16(entry + 14, true);
    const two = (value: number) => String(value).padStart(2, '0');
    times.push(
      `${(day >> 9) + 1980}-${two((day >> 5) & 15)}-${two(day & 31)} ${two(time >> 11)}:${two((time >> 5) & 63)}:${two((time & 31) * 2)}`
    );
    entry +=
      46 + view.getUint16(entry + 28, true) + view.getUint16(entry + 30, true) + view.getUint16(entry + 32, true);
  }
  return times;
}
