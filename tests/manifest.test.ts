import {mkdtemp, mkdir, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {VFile} from 'vfile';
import {describe, expect, it} from 'vitest';
import {validateManifest} from '../src/config/load-manifest.js';
import {loadReport} from '../src/content/load-report.js';
import {formatMessages} from '../src/diagnostics/reporter.js';

const valid = `title: Report
publisher: Press
authors: [A. Author, B. Author]
date: 2021-04-07
language: kk
identifier: urn:uuid:00000000-0000-4000-8000-000000000000
description: A report.
chapters:
  - intro.md
  - path: country
    brief: true
`;

function messages(text: string): string[] {
  const file = new VFile({path: 'content/report.yaml', value: text});
  validateManifest(file, text);
  return file.messages.map((message) => `${message.line}:${message.column} ${message.reason} [${message.ruleId}]`);
}

describe('the manifest schema', () => {
  it('accepts a valid manifest and normalises it', () => {
    const file = new VFile({path: 'report.yaml'});
    const {manifest} = validateManifest(file, valid);
    expect(file.messages).toEqual([]);
    expect(manifest).toMatchObject({
      authors: ['A. Author', 'B. Author'],
      pageSize: 'A4',
      keywords: [],
      chapters: [
        {path: 'intro.md', brief: false},
        {path: 'country', brief: true}
      ]
    });
  });

  it('rejects a missing title, naming the field', () => {
    expect(messages(valid.replace('title: Report\n', ''))).toEqual([
      '1:1 Missing required field `title`; add it to the manifest [manifest-field]'
    ]);
  });

  it('rejects a wrong type and a bad language tag at their lines', () => {
    expect(
      messages(
        valid.replace('language: kk', 'language: Kazakh language').replace('chapters:', 'pageSize: A5\nchapters:')
      )
    ).toEqual([
      '5:11 Invalid `language`: use a BCP 47 language tag such as `en` or `ru-KZ` [manifest-field]',
      expect.stringMatching(/^8:11 Invalid `pageSize`: .*A4.*Letter/)
    ]);
  });

  it('fails fast on a YAML alias bomb', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefghij'
        .split('')
        .map((name, index) => `${name}: &${name} [${Array(10).fill(`*${'abcdefghij'[index]}`).join(', ')}]`)
    ].join('\n');
    const started = performance.now();
    const result = messages(bomb);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result[0]).toMatch(/\[manifest-syntax\]$/);
  });
});

describe('loading chapters', () => {
  it('names the manifest, line and column of a chapter path that does not exist', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'folio-manifest-'));
    await writeFile(path.join(dir, 'report.yaml'), valid);
    await writeFile(path.join(dir, 'intro.md'), '# Intro\n\nText.\n');
    await mkdir(path.join(dir, 'other'));
    const {files} = await loadReport(dir, dir);
    expect(formatMessages(files)).toBe(
      'report.yaml:10:5: error: Chapter `country` does not exist; check the path, which is relative to the content folder [chapter-missing]\n1 error, 0 warnings\n'
    );
  });
});
