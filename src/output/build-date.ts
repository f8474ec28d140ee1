/** The build's timestamp: `SOURCE_DATE_EPOCH` when set, so that the same input gives the same bytes. */
export function buildDate(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date();
}

/** `date` as an ISO 8601 UTC time to the second (`2021-04-07T00:00:00Z`), as XMP and EPUB metadata want it. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
