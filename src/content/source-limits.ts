import type {VFile} from 'vfile';
import {checkInlineMarkers} from './inline-markers.js';
import {checkNestingDepth} from './nesting-depth.js';

/**
 * The checks that run on a file's text before it is parsed, so that hostile or broken input
 * (deep nesting, pathological runs of markers) fails with a message instead of a stack
 * overflow or a hang. Returns false when the file must not be parsed.
 */
export function checkSourceLimits(file: VFile): boolean {
  if (file.messages.some((message) => message.fatal)) return false;
  return checkNestingDepth(file) && checkInlineMarkers(file);
}
