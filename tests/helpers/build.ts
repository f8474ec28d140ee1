import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';
import {build, type BuildOptions} from '../../src/build.js';
import {readFile} from 'node:fs/promises';
import {foreignFonts} from './pdf.js';
import {checkPdfUa} from './pdf-ua.js';

/** The shipped sample report. */
export const sampleContent = path.resolve(import.meta.dirname, '../../content');

/** A stream that keeps what is written to it, for reading messages in tests. */
export function captureStream(): Writable & {text: () => string} {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    }
  });
  return Object.assign(stream, {text: () => chunks.join('')});
}

/**
 * Build `contentDir` into a new temporary folder, quietly; returns the folder and the result.
 * Every PDF it writes must embed only fonts Folio ships, whatever fonts this machine has, and
 * pass the PDF/UA-1 checker (tests/helpers/pdf-ua.ts), since every PDF declares PDF/UA-1.
 */
export async function buildToTemp(contentDir: string, options: Partial<BuildOptions> = {}) {
  const outDir = await mkdtemp(path.join(tmpdir(), 'folio-test-'));
  const stderr = captureStream();
  const result = await build({contentDir, outDir, formats: ['pdf', 'epub', 'briefs'], quiet: true, stderr, ...options});
  for (const file of result.files.filter((output) => output.path.endsWith('.pdf'))) {
    const foreign = foreignFonts(file.path);
    if (foreign.length > 0) throw new Error(`${file.path} embeds fonts Folio does not ship: ${foreign.join(', ')}`);
    const {failures} = await checkPdfUa(await readFile(file.path));
    if (failures.length > 0)
      throw new Error(
        `${file.path} fails PDF/UA-1, which it declares:\n${failures.map((failure) => `  ${failure.rule} ${failure.message}`).join('\n')}`
      );
  }
  return {outDir, result, messages: stderr.text()};
}
