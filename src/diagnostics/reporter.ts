import type {VFile} from 'vfile';

/**
 * Format messages one a line as `path:line:column: severity: message [rule-id]`,
 * the form editors and CI annotate, followed by a count of errors and warnings.
 */
export function formatMessages(files: readonly VFile[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const sorted = [...file.messages].sort(
      (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
    );
    for (const message of sorted) {
      if (message.fatal) errors++;
      else warnings++;
      lines.push(formatMessage(file, message));
    }
  }
  if (errors + warnings === 0) return '';
  lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  return lines.join('\n') + '\n';
}

/**
 * One message as `path:line:column: severity: reason [rule-id]`, always on one line: a line
 * break in quoted author text (a link label over two lines) is shown as `\n`.
 */
export function formatMessage(file: VFile, message: VFile['messages'][number]): string {
  const where = `${oneLine(file.path)}:${message.line ?? 1}:${message.column ?? 1}`;
  const severity = message.fatal ? 'error' : 'warning';
  const rule = message.ruleId ? ` [${message.ruleId}]` : '';
  return `${where}: ${severity}: ${oneLine(message.reason)}${rule}`;
}

const lineBreaks: Readonly<Record<string, string>> = {
  '\r\n': '\\n',
  '\n': '\\n',
  '\r': '\\r',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029'
};

function oneLine(text: string): string {
  return text.replace(/\r\n|[\n\r\u2028\u2029]/g, (match) => lineBreaks[match]!);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
