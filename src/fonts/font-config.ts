import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {FontFile} from './shipped-fonts.js';

/** CSS's generic families and the names documents most often ask for, each bound to a shipped family. */
const aliases: ReadonlyArray<[string, string[]]> = [
  ['Noto Serif', ['serif', 'Times New Roman', 'Times', 'Georgia', 'DejaVu Serif', 'Liberation Serif']],
  ['Noto Sans', ['sans-serif', 'system-ui', 'Arial', 'Helvetica', 'Verdana', 'DejaVu Sans', 'Liberation Sans']],
  ['Noto Sans Mono', ['monospace', 'Courier New', 'Courier', 'DejaVu Sans Mono', 'Liberation Mono']]
];

/**
 * Write a fontconfig configuration into `dir` that lists `files` and nothing else: no system
 * font folder, no user font folder, none of the machine's `/etc/fonts` rules. Chromium started
 * with `FONTCONFIG_FILE` pointing at it sees only these fonts, for page text, margin boxes,
 * SVG drawn through `<img>` (which cannot use the page's `@font-face`) and fallback alike, so
 * the same input gives the same PDF bytes on any machine. Returns the file's path.
 */
export async function writeFontConfig(dir: string, files: readonly FontFile[]): Promise<string> {
  const folders = [...new Set(files.map((file) => path.dirname(file.path)))];
  const lines = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<fontconfig>',
    ...folders.map((folder) => `  <dir>${xmlText(folder)}</dir>`),
    `  <cachedir>${xmlText(path.join(dir, 'fontconfig-cache'))}</cachedir>`,
    // The same rendering on every machine: no hinting, which would snap glyph widths to whole pixels.
    '  <match target="font"><edit name="hinting" mode="assign"><bool>false</bool></edit><edit name="hintstyle" mode="assign"><const>hintnone</const></edit><edit name="antialias" mode="assign"><bool>true</bool></edit><edit name="rgba" mode="assign"><const>none</const></edit><edit name="embeddedbitmap" mode="assign"><bool>false</bool></edit></match>',
    ...aliases.map(([family, names]) =>
      names
        .map(
          (name) =>
            `  <alias binding="same"><family>${xmlText(name)}</family><prefer><family>${xmlText(family)}</family></prefer></alias>`
        )
        .join('\n')
    ),
    '</fontconfig>',
    ''
  ];
  const file = path.join(dir, 'fonts.conf');
  await writeFile(file, lines.join('\n'));
  return file;
}

function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
