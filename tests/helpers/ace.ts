import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {findChromium} from '../../src/system/find-chromium.mjs';

/** One rule DAISY Ace found broken, with where. */
export interface AceViolation {
  rule: string;
  impact: string;
  file: string;
  html: string;
}

const aceCli = path.resolve(import.meta.dirname, '../../node_modules/.bin/ace-cli');

/**
 * Run DAISY Ace (the npm package, driven by the system's Chromium) on an EPUB and return every
 * violation it reports. Throws when Ace wrote no report, so a broken run cannot pass.
 */
export async function ace(epub: string): Promise<AceViolation[]> {
  const out = await mkdtemp(path.join(tmpdir(), 'folio-ace-'));
  // Not spawnSync: a blocked worker cannot time its test out, nor answer vitest while Ace runs.
  const run = await new Promise<{stdout: string; stderr: string}>((resolve) => {
    execFile(
      aceCli,
      ['--silent', '--outdir', out, epub],
      {
        encoding: 'utf8',
        timeout: 170_000,
        env: {...process.env, PUPPETEER_EXECUTABLE_PATH: findChromium() ?? '/usr/bin/chromium'}
      },
      // Ace exits non-zero when it finds violations: its report says which.
      (_error, stdout, stderr) => resolve({stdout, stderr})
    );
  });
  const report = await readFile(path.join(out, 'report.json'), 'utf8')
    .catch(() => {
      throw new Error(`Ace wrote no report:\n${run.stdout}${run.stderr}`);
    })
    .finally(() => rm(out, {recursive: true, force: true}));
  type Assertion = {
    'earl:testSubject'?: {url?: string};
    assertions?: Assertion[];
    'earl:test'?: {'dct:title': string; 'earl:impact': string};
    'earl:result'?: {html?: string};
  };
  const documents = (JSON.parse(report) as {assertions: Assertion[]}).assertions;
  return documents.flatMap((document) =>
    (document.assertions ?? []).map((assertion) => ({
      rule: assertion['earl:test']!['dct:title'],
      impact: assertion['earl:test']!['earl:impact'],
      file: document['earl:testSubject']?.url ?? '',
      html: (assertion['earl:result']?.html ?? '').slice(0, 200)
    }))
  );
}
