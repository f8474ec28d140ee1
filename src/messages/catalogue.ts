import {existsSync} from 'node:fs';
import {readFile, realpath} from 'node:fs/promises';
import path from 'node:path';
import {IntlMessageFormat} from 'intl-messageformat';
import {parseYaml} from '../config/yaml.js';
import {FolioError} from '../diagnostics/errors.js';
import {defaultTemplatesDir} from '../project-paths.js';

/** Values a message can take: `{name}` in the message is replaced by the value of `name`. */
export type MessageValues = Readonly<Record<string, string | number>>;

/**
 * Every word Folio prints itself (the contents' title, "Notes", the imprint, the brief's lines,
 * the EPUB's landmarks and accessibility summary), in one language. Messages are ICU
 * MessageFormat, so plurals follow the language's own rules (Arabic has six forms).
 */
export interface Messages {
  language: string;
  /** The message `key` with `values` put in; throws `MessageError` for a key the catalogue lacks. */
  text(key: string, values?: MessageValues): string;
}

/** A catalogue is missing, lacks a key, or holds a message that is no ICU MessageFormat. */
export class MessageError extends FolioError {}

/** The language whose catalogue names every key: a key it has, every other catalogue must have. */
export const sourceLanguage = 'en';

/** Where catalogues live: `messages/<language>.yaml` in the templates folder and, to add or override, in the content folder. */
export function cataloguePaths(language: string, folders: {templatesDir: string; contentDir: string}): string[] {
  return [folders.templatesDir, folders.contentDir].map((folder) => path.join(folder, 'messages', `${language}.yaml`));
}

/**
 * The messages of `language`: the templates' catalogue (Folio ships en, ru, kk, ar, fr and es),
 * with the content folder's entries for the same language over it. Every key of the English
 * catalogue must be there, and every message must parse; a problem names the file, the line,
 * the key and the language, and says what to do.
 */
export async function loadMessages(
  language: string,
  folders: {templatesDir: string; contentDir: string},
  digits: 'latn' | 'arab' = 'latn'
): Promise<Messages> {
  // Numbers in messages (a plural's `#`) in the edition's digits, not the locale's default.
  const locale = `${language}-u-nu-${digits}`;
  const entries = new Map<string, {message: IntlMessageFormat; file: string}>();
  const found: string[] = [];
  for (const file of cataloguePaths(language, folders)) {
    if (!existsSync(file)) continue;
    // A catalogue is read only from inside its folder: a symbolic link out of the content folder is refused.
    const [folder] = [folders.templatesDir, folders.contentDir].filter((dir) => file.startsWith(dir));
    const [realFolder, realFile] = await Promise.all([realpath(folder!), realpath(file)]);
    if (!realFile.startsWith(realFolder + path.sep))
      throw new MessageError(
        `${relative(file)}: error: The message catalogue is a link to a file outside the ${folder === folders.contentDir ? 'content' : 'templates'} folder; a report is built from its own files`
      );
    found.push(file);
    for (const [key, {source, line, column}] of await readCatalogue(file)) {
      try {
        entries.set(key, {message: new IntlMessageFormat(source, locale, undefined, {ignoreTag: true}), file});
      } catch (error) {
        throw new MessageError(
          `${where(file, line, column)}: error: The message \`${key}\` is not valid ICU MessageFormat (${(error as Error).message}); fix its braces, or quote a literal brace as '{'`
        );
      }
    }
  }
  const [shipped, own] = cataloguePaths(language, folders);
  if (found.length === 0)
    throw new MessageError(
      `No message catalogue for the language \`${language}\`: Folio's own words (Contents, Notes, the imprint) would have none. Add ${relative(own!)}, with every key of ${relative(cataloguePaths(sourceLanguage, folders)[0]!)} translated`
    );
  const required = await readCatalogue(cataloguePaths(sourceLanguage, folders)[0]!);
  const missing = [...required.keys()].filter((key) => !entries.has(key));
  if (missing.length > 0)
    throw new MessageError(
      `${relative(found.at(-1)!)}: error: The \`${language}\` catalogue has no ${missing.map((key) => `\`${key}\``).join(', ')}; add ${missing.length === 1 ? 'it' : 'them'} (the English catalogue, ${relative(shipped!.replace(/[^/]+$/, `${sourceLanguage}.yaml`))}, has each)`
    );
  return {
    language,
    text(key, values) {
      const entry = entries.get(key);
      if (!entry) throw new MessageError(`The \`${language}\` catalogue has no message \`${key}\``);
      const result = entry.message.format(values as Record<string, string | number> | undefined);
      return Array.isArray(result) ? result.join('') : String(result);
    }
  };
}

/** The messages of a report's language, from the templates folder (the default one unless given) and the report's content folder. */
export function reportMessages(
  report: {contentDir: string; meta: {language: string; digits?: 'latn' | 'arab'}},
  templatesDir = defaultTemplatesDir
): Promise<Messages> {
  return loadMessages(report.meta.language, {templatesDir, contentDir: report.contentDir}, report.meta.digits);
}

/** A catalogue's messages by key, with where each is: a YAML mapping of keys to strings. */
async function readCatalogue(file: string): Promise<Map<string, {source: string; line: number; column: number}>> {
  const text = await readFile(file, 'utf8');
  const parsed = parseYaml(text);
  const first = parsed.errors[0];
  if (first) throw new MessageError(`${where(file, first.line, first.column)}: error: ${first.reason}`);
  const value = parsed.value ?? {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new MessageError(`${where(file, 1, 1)}: error: A message catalogue is a mapping of keys to messages`);
  const messages = new Map<string, {source: string; line: number; column: number}>();
  for (const [key, source] of Object.entries(value as Record<string, unknown>)) {
    const {line, column} = parsed.placeOf([key]);
    if (typeof source !== 'string')
      throw new MessageError(
        `${where(file, line, column)}: error: The message \`${key}\` is not text; write it as a string`
      );
    messages.set(key, {source, line, column});
  }
  return messages;
}

function where(file: string, line: number, column: number): string {
  return `${relative(file)}:${line}:${column}`;
}

function relative(file: string): string {
  return path.relative(process.cwd(), file) || file;
}
