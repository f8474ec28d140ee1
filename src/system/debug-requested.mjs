// Plain JavaScript so that scripts/bootstrap.mjs and bin/folio.mjs can use it before anything is compiled.

/**
 * Whether the user asked for `--debug` output: the `--debug` flag among `args`, or `folio` in
 * the `DEBUG` variable (as with the `debug` package's `DEBUG=folio`).
 * @param {readonly string[]} args
 * @returns {boolean}
 */
export function debugRequested(args, env = process.env) {
  return args.includes('--debug') || /\bfolio\b/.test(env.DEBUG ?? '');
}
