import {mkdtemp, mkdir, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadMessages, MessageError} from '../src/messages/catalogue.js';
import {defaultTemplatesDir} from '../src/project-paths.js';
import {longDate} from '../src/html/templates.js';

const shipped = ['en', 'ru', 'kk', 'ar', 'fr', 'es'];

async function folders(files: Record<string, string> = {}) {
  const contentDir = await mkdtemp(path.join(tmpdir(), 'folio-messages-'));
  await mkdir(path.join(contentDir, 'messages'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(contentDir, 'messages', name), text);
  return {templatesDir: defaultTemplatesDir, contentDir};
}

describe('message catalogues', () => {
  it.each(shipped)('ships a complete catalogue for %s', async (language) => {
    const messages = await loadMessages(language, await folders());
    expect(messages.text('contents')).not.toBe('');
    expect(messages.text('pageOfPages', {page: 2, pages: 5})).toMatch(/2/);
  });

  it('speaks each language', async () => {
    const text = async (language: string, key: string) => (await loadMessages(language, await folders())).text(key);
    expect(await text('ru', 'contents')).toBe('Содержание');
    expect(await text('kk', 'contents')).toBe('Мазмұны');
    expect(await text('ar', 'contents')).toBe('المحتويات');
    expect(await text('fr', 'notes')).toBe('Notes');
    expect(await text('es', 'contents')).toBe('Índice');
  });

  it('chooses plural forms by each language’s rules: Arabic’s six, Russian’s four, English’s two', async () => {
    const count = async (language: string, numbers: number[]) => {
      const messages = await loadMessages(language, await folders());
      return numbers.map((number) => messages.text('briefReferences', {count: number}));
    };
    const arabic = await count('ar', [0, 1, 2, 3, 11, 100]);
    expect(arabic[0]).toBe('');
    expect(arabic[1]).toMatch(/إحالة واحدة/);
    expect(arabic[2]).toMatch(/إحالتان/);
    expect(arabic[3]).toMatch(/3 إحالات/);
    expect(arabic[4]).toMatch(/11 إحالةً/);
    expect(arabic[5]).toMatch(/100 إحالة /);
    expect(await count('ru', [1, 3, 5, 21])).toEqual([
      '1 ссылка на другую главу ведёт к полному докладу.',
      '3 ссылки на другие главы ведут к полному докладу.',
      '5 ссылок на другие главы ведут к полному докладу.',
      '21 ссылка на другую главу ведёт к полному докладу.'
    ]);
    expect(await count('en', [1, 2])).toEqual([
      'One reference to another chapter points to the full report.',
      '2 references to other chapters point to the full report.'
    ]);
  });

  it('writes numbers and dates in the edition’s digits, in the Gregorian calendar whatever the locale’s default', async () => {
    const arabic = await loadMessages('ar', await folders(), 'arab');
    expect(arabic.text('briefReferences', {count: 3})).toMatch(/٣ إحالات/);
    expect(longDate('2021-04-07', 'ar', 'arab')).toBe('٧ أبريل ٢٠٢١');
    expect(longDate('2021-04-07', 'ar')).toBe('7 أبريل 2021');
    // Persian's default calendar is the Solar Hijri one: 2021 would print as 1400.
    expect(longDate('2021-04-07', 'fa')).toMatch(/2021|۲۰۲۱/);
  });

  it('lets a report override a message, and add a language', async () => {
    const own = await folders({
      'en.yaml': 'contents: Table of contents\n',
      'de.yaml': 'contents: Inhalt\n'
    });
    expect((await loadMessages('en', own)).text('contents')).toBe('Table of contents');
    expect((await loadMessages('en', own)).text('notes')).toBe('Notes');
    // A language Folio does not ship must have every key.
    const error = await loadMessages('de', own).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MessageError);
    expect((error as Error).message).toMatch(
      /messages\/de\.yaml: error: The `de` catalogue has no `cover`, `titlePage`/
    );
  });

  it('reads no catalogue through a link out of the content folder', async () => {
    const own = await folders();
    const outside = path.join(await mkdtemp(path.join(tmpdir(), 'folio-outside-')), 'en.yaml');
    await writeFile(outside, 'contents: Stolen words\n');
    await symlink(outside, path.join(own.contentDir, 'messages', 'en.yaml'));
    await expect(loadMessages('en', own)).rejects.toThrow(
      /messages\/en\.yaml: error: The message catalogue is a link to a file outside the content folder/
    );
  });

  it('names the language when there is no catalogue, and the line of a broken message', async () => {
    const none = await loadMessages('tt', await folders()).catch((caught: unknown) => caught);
    expect((none as Error).message).toMatch(/No message catalogue for the language `tt`.*Add .*messages\/tt\.yaml/);
    const broken = await loadMessages(
      'en',
      await folders({'en.yaml': 'cover: Cover\nnotes: Notes {count, plural, one {#}\n'})
    ).catch((caught: unknown) => caught);
    expect((broken as Error).message).toMatch(
      /messages\/en\.yaml:2:8: error: The message `notes` is not valid ICU MessageFormat/
    );
  });
});
