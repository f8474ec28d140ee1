import {readFileSync} from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import {FolioError} from '../diagnostics/errors.js';
import type {MessageValues, Messages} from '../messages/catalogue.js';

/** A template could not be rendered: a mistake in a file of the templates folder, which publishers edit. */
export class TemplateError extends FolioError {}

/** Text made safe inside a double-quoted CSS string in a `<style>` element. */
export function cssString(value: unknown): string {
  return String(value).replace(/[\\"<>\n\r]/g, (char) => `\\${char.codePointAt(0)!.toString(16)} `);
}

/**
 * The `counters(key)` function of templates: a message with `{page}` and `{pages}` in it as a CSS
 * `content` value, where they become `counter(page)` and `counter(pages)` and the words around
 * them CSS strings; so "page {page} of {pages}" is worded, and ordered, as each language needs.
 */
export function pageCounters(report: {messages: Messages; meta: {digits?: 'latn' | 'arab'}}): (key: string) => string {
  const style = report.meta.digits === 'arab' ? ', arabic-indic' : '';
  const counters: Record<string, string> = {'\uE000': `counter(page${style})`, '\uE001': `counter(pages${style})`};
  return (key) =>
    report.messages
      .text(key, {page: '\uE000', pages: '\uE001'})
      .split(/([\uE000\uE001])/)
      .filter(Boolean)
      .map((part) => counters[part] ?? `"${cssString(part)}"`)
      .join(' ');
}

/** A whole number in the edition's digits (a page number in the contents), without grouping. */
export function formatInteger(value: number, language: string, digits: 'latn' | 'arab' = 'latn'): string {
  return new Intl.NumberFormat(language, {numberingSystem: digits, useGrouping: false}).format(value);
}

/**
 * `2021-04-07` as `7 April 2021`, in the report's language and digits, always in the Gregorian
 * calendar and in UTC: nothing falls into another calendar, digits or time zone by the locale's
 * default or the machine's.
 */
export function longDate(value: string, language = 'en', digits: 'latn' | 'arab' = 'latn'): string {
  const date = new Date(`${value}T00:00:00Z`);
  return new Intl.DateTimeFormat(language, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
    calendar: 'gregory',
    numberingSystem: digits
  }).format(date);
}

/** The `t(key, values)` function templates call for Folio's own words, in the report's language. */
export function words(report: {messages: Messages}): (key: string, values?: MessageValues) => string {
  return (key, values) => report.messages.text(key, values);
}

/**
 * The template engine: Nunjucks with autoescaping on, so report text is always escaped
 * unless a template marks compiled HTML `| safe`. Templates are the project's own files.
 */
export function createTemplates(templatesDir: string): nunjucks.Environment {
  const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader(templatesDir, {noCache: false}), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true
  });
  const filters = {cssString, longDate, year: (value: string) => value.slice(0, 4)};
  for (const [name, filter] of Object.entries(filters)) environment.addFilter(name, filter);
  const render = environment.render.bind(environment) as (name: string, context?: object) => string;
  environment.render = ((name: string, context?: object) => {
    try {
      return render(name, context);
    } catch (error) {
      throw templateError(error, templatesDir, Object.keys(filters));
    }
  }) as typeof environment.render;
  return environment;
}

/**
 * Nunjucks' error as one `path:line:column: error: …` line naming the template. Nunjucks gives
 * the line of errors met while rendering (`[Line 5, Column 3]`); for an unknown filter, found
 * while compiling, it gives none, so the filter's first use in the file is the place.
 */
function templateError(error: unknown, templatesDir: string, filters: string[]): TemplateError {
  const message = (error as Error)?.message ?? String(error);
  const file = /\(([^)]+)\)/.exec(message)?.[1];
  let reason = message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .at(-1)!
    .replace(/^Error: /, '');
  let place = /\[Line (\d+), Column (\d+)\]/.exec(message)?.slice(1).join(':');
  const filter = /^filter not found: (\S+)/.exec(reason)?.[1];
  if (filter) {
    reason = `Unknown filter \`${filter}\`; Folio adds ${filters.map((name) => `\`${name}\``).join(', ')} to Nunjucks' own filters`;
    const text = file ? readFileSync(file, 'utf8').split('\n') : [];
    const line = text.findIndex((row) => new RegExp(`\\|\\s*${filter}\\b`).test(row));
    if (line !== -1) place = `${line + 1}:${text[line]!.search(new RegExp(`\\|\\s*${filter}\\b`)) + 1}`;
  }
  const where = file ? `${path.relative(process.cwd(), file)}:${place ?? '1:1'}: ` : '';
  return new TemplateError(`${where}error: ${reason}; fix the template (in \`${templatesDir}\`)`, {cause: error});
}
