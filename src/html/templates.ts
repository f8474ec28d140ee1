import nunjucks from 'nunjucks';

/** Text made safe inside a double-quoted CSS string in a `<style>` element. */
export function cssString(value: unknown): string {
  return String(value).replace(/[\\"<>\n\r]/g, (char) => `\\${char.codePointAt(0)!.toString(16)} `);
}

/** `2021-04-07` as `7 April 2021`, in the report's language. */
export function longDate(value: string, language = 'en'): string {
  const date = new Date(`${value}T00:00:00Z`);
  return new Intl.DateTimeFormat(language, {day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'}).format(date);
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
  environment.addFilter('cssString', cssString);
  environment.addFilter('longDate', longDate);
  environment.addFilter('year', (value: string) => value.slice(0, 4));
  return environment;
}
