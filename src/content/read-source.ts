import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {VFile} from 'vfile';
import {ruleIds} from '../diagnostics/rule-ids.js';
import {reportError, reportWarning} from '../diagnostics/messages.js';
import {fileProblem} from '../diagnostics/file-errors.js';

/** Larger Markdown files are refused: a section is never this long (1 MB is some 150,000 words), and parsing stays within seconds. */
export const maxSourceBytes = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', {fatal: true});

/**
 * Read a Markdown file into a vfile. Invalid UTF-8 and oversized files are errors
 * (the file is then empty, so later stages still run and report their own problems);
 * NUL characters are replaced, with a warning.
 */
export async function readSource(fullPath: string, cwd: string): Promise<VFile> {
  const file = new VFile({path: path.relative(cwd, fullPath), cwd, value: ''});
  let bytes: Buffer;
  try {
    bytes = await readFile(fullPath);
  } catch (error) {
    reportError(file, `File ${fileProblem(error)}; fix the file or its permissions, or remove it from the chapter`, undefined, ruleIds.fileUnreadable);
    return file;
  }
  if (bytes.byteLength > maxSourceBytes) {
    reportError(file, `File is ${(bytes.byteLength / 1048576).toFixed(1)} MB; at most ${maxSourceBytes / 1048576} MB are allowed. Split it into several section files`, undefined, ruleIds.contentTooLarge);
    return file;
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    // The lenient decoder marks the first bad sequence with U+FFFD: that gives its line and column.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    reportError(file, 'File is not valid UTF-8; save it with the UTF-8 encoding', {line, column}, ruleIds.encoding);
    return file;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const before = text.slice(0, nul);
    reportWarning(file, 'File contains NUL characters; they are replaced by `\uFFFD`', {line: before.split('\n').length, column: nul - before.lastIndexOf('\n')}, ruleIds.encoding);
    text = text.replaceAll('\0', '\uFFFD');
  }
  file.value = text.replaceAll('\r\n', '\n');
  return file;
}
