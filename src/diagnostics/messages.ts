import type {Node} from 'unist';
import type {VFile} from 'vfile';
import {location} from 'vfile-location';
import type {VFileMessage} from 'vfile-message';
import type {RuleId} from './rule-ids.js';

type Place = Node['position'] | {line: number; column: number} | undefined;

/** Record an error on `file`: errors stop the build before any output is written. */
export function reportError(file: VFile, reason: string, place: Place, ruleId: RuleId): VFileMessage {
  const message = file.message(reason, {place, ruleId, source: 'folio'});
  message.fatal = true;
  return message;
}

/** Record a warning on `file`: printed, but the build goes on. */
export function reportWarning(file: VFile, reason: string, place: Place, ruleId: RuleId): VFileMessage {
  const message = file.message(reason, {place, ruleId, source: 'folio'});
  message.fatal = false;
  return message;
}

/** Whether any of `files` has an error. */
export function hasErrors(files: readonly VFile[]): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal));
}

const locations = new WeakMap<VFile, ReturnType<typeof location>>();

/** Line and column of a character offset in `file`'s text (the index is built once per file). */
export function placeAt(file: VFile, offset: number): {line: number; column: number} {
  let index = locations.get(file);
  if (!index) locations.set(file, (index = location(file)));
  const point = index.toPoint(offset);
  return point ? {line: point.line, column: point.column} : {line: 1, column: 1};
}
