/** Whether the user asked for `--debug` output: the flag among `args`, or `folio` in `DEBUG`. */
export function debugRequested(args: readonly string[], env?: Readonly<Record<string, string | undefined>>): boolean;
