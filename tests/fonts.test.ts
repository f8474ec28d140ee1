import {mkdtemp, mkdir, readFile, writeFile, copyFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {fontCoverage} from '../src/fonts/coverage.js';
import {writeFontConfig} from '../src/fonts/font-config.js';
import {fontFiles, shippedFamilies} from '../src/fonts/shipped-fonts.js';
import {defaultTemplatesDir} from '../src/project-paths.js';

describe('the fonts Chromium may see', () => {
  it("are the shipped families, which cover Kazakh, Greek and Arabic letters and the report's punctuation", () => {
    const files = fontFiles(defaultTemplatesDir);
    expect(new Set(files.map((file) => file.origin))).toEqual(new Set(shippedFamilies.map((family) => family.family)));
    const fonts = fontCoverage(files);
    for (const char of 'ӘәҒғҚқҢңӨөҰұҮүҺһІі' + 'αβγΩ' + 'العربية' + '«»“”‘’—–…№€₸')
      expect(fonts.has(char.codePointAt(0)!), char).toBe(true);
    expect(fonts.has(0x1f600)).toBe(false); // 😀: no shipped font has emoji.
  });

  it("include a publisher's own fonts from templates/fonts, and nothing of the machine", async () => {
    const templates = await mkdtemp(path.join(tmpdir(), 'folio-fonts-'));
    await mkdir(path.join(templates, 'fonts'));
    const [serif] = fontFiles(defaultTemplatesDir);
    await copyFile(serif!.path, path.join(templates, 'fonts', 'House-Regular.ttf'));
    await writeFile(path.join(templates, 'fonts', 'notes.txt'), 'not a font');
    const files = fontFiles(templates);
    expect(files.filter((file) => file.origin === 'templates/fonts').map((file) => path.basename(file.path))).toEqual([
      'House-Regular.ttf'
    ]);
    const config = await readFile(await writeFontConfig(templates, files), 'utf8');
    expect(config).toContain(`<dir>${path.join(templates, 'fonts')}</dir>`);
    expect(config).not.toMatch(/<dir>\/usr|<include|prefix="xdg"/);
  });
});
