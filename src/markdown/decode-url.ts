/**
 * Decode the `%` escapes of a URL's path (`decodeURI`) or fragment (`decodeURIComponent`);
 * `undefined` when an escape is malformed (`%E0%A4`), which a contributor can well write.
 */
export function decodeUrlPart(text: string, part: 'path' | 'fragment'): string | undefined {
  try {
    return part === 'path' ? decodeURI(text) : decodeURIComponent(text);
  } catch {
    return undefined; // A malformed escape: the caller reports it where it was written.
  }
}

/** What to tell a contributor whose URL has a malformed `%` escape. */
export function malformedUrl(url: string): string {
  return `\`${url}\` has a malformed \`%\` escape; write the character itself, or a complete escape such as \`%20\``;
}
