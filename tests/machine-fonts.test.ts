import {createHash} from 'node:crypto';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {fontFiles} from '../src/fonts/shipped-fonts.js';
import {defaultTemplatesDir} from '../src/project-paths.js';
import {buildToTemp, sampleContent} from './helpers/build.js';

/**
 * The machine's fonts must not reach the outputs. Each build below runs on "a machine" whose
 * system fonts are a fontconfig configuration of its own (`FONTCONFIG_FILE`, which every program
 * on a Linux machine, Chromium included, reads to find its fonts): none at all, DejaVu only (a
 * bare Debian), and DejaVu with Noto installed as system fonts. The PDF, the brief and the EPUB
 * must be the same bytes on all three. Before Folio gave Chromium its own font configuration,
 * the chart's text (an SVG drawn through `<img>`) came out in DejaVu on the second machine and
 * in nothing at all on the first.
 */
const machines: Record<string, string[]> = {
  'no fonts': [],
  'DejaVu only': ['/usr/share/fonts/truetype/dejavu'],
  'DejaVu and Noto': [
    '/usr/share/fonts/truetype/dejavu',
    ...new Set(fontFiles(defaultTemplatesDir).map((file) => path.dirname(file.path)))
  ]
};

const saved = {fontconfig: process.env.FONTCONFIG_FILE, epoch: process.env.SOURCE_DATE_EPOCH};
const hashes: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'folio-machine-fonts-'));
  process.env.SOURCE_DATE_EPOCH = '1617753600';
  for (const [name, folders] of Object.entries(machines)) {
    const config = path.join(dir, `${name.replace(/\W+/g, '-')}.conf`);
    const dirs = folders.map((folder) => `<dir>${folder}</dir>`).join('');
    await writeFile(config, `<?xml version="1.0"?><fontconfig>${dirs}<cachedir>${dir}/cache</cachedir></fontconfig>`);
    process.env.FONTCONFIG_FILE = config;
    const {result} = await buildToTemp(sampleContent);
    hashes[name] = {};
    for (const file of result.files) {
      hashes[name][path.basename(file.path)] = createHash('sha256')
        .update(await readFile(file.path))
        .digest('hex');
    }
  }
});

afterAll(() => {
  for (const [key, value] of Object.entries({FONTCONFIG_FILE: saved.fontconfig, SOURCE_DATE_EPOCH: saved.epoch})) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('the same content on machines with different system fonts', () => {
  it('gives byte-identical PDFs, briefs and EPUBs', () => {
    const [first, ...others] = Object.values(hashes);
    expect(Object.keys(first!).sort()).toEqual([
      'human-rights-2020-21.epub',
      'human-rights-2020-21.kk.epub',
      'human-rights-2020-21.kk.pdf',
      'human-rights-2020-21.pdf',
      'human-rights-2020-21.ru.epub',
      'human-rights-2020-21.ru.pdf',
      'kazakhstan.pdf',
      'kazakhstan.ru.pdf'
    ]);
    for (const other of others) expect(other).toEqual(first);
  });
});
