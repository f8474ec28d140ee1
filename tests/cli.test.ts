import {describe, expect, it} from 'vitest';
import {parseCommand, UsageError} from '../src/cli/parse-args.js';

describe('parseCommand', () => {
  it('defaults `build` to the content and output folders and every format', () => {
    expect(parseCommand(['build'])).toMatchObject({
      name: 'build',
      contentDir: 'content',
      outDir: 'output',
      formats: ['pdf', 'epub', 'briefs'],
      chapters: [],
      quiet: false
    });
  });

  it('reads folders, formats, repeated chapters and --quiet', () => {
    expect(
      parseCommand([
        'build',
        '--content',
        'c',
        '--out=o',
        '--format',
        'pdf, briefs,pdf',
        '--chapter',
        'a',
        '--chapter',
        'b',
        '--quiet'
      ])
    ).toMatchObject({
      contentDir: 'c',
      outDir: 'o',
      formats: ['pdf', 'briefs'],
      chapters: ['a', 'b'],
      quiet: true
    });
  });

  it("refuses options that do not apply to the command, and reads init's folder, --debug and DEBUG=folio", () => {
    expect(() => parseCommand(['check', '--out', 'o'])).toThrow(
      new UsageError('`--out` does not apply to `check`; it takes `--content`, `--strict`')
    );
    expect(() => parseCommand(['init', 'a', 'b'])).toThrow(new UsageError('Unexpected argument `b`'));
    expect(parseCommand(['init'])).toEqual({name: 'init', dir: 'content', debug: false});
    expect(parseCommand(['init', 'new', '--debug'])).toEqual({name: 'init', dir: 'new', debug: true});
    expect(parseCommand(['check'], {DEBUG: 'folio:*'})).toEqual({
      name: 'check',
      contentDir: 'content',
      strict: false,
      debug: true
    });
  });

  it('shows help for no command, `help` and --help', () => {
    for (const argv of [[], ['help'], ['build', '--help'], ['-h']]) expect(parseCommand(argv).name).toBe('help');
  });

  it('rejects unknown commands, formats and options with a usage error', () => {
    expect(() => parseCommand(['publish'])).toThrow(
      new UsageError('Unknown command `publish`; use `build`, `check`, `init`, `plan`, `translations` or `help`')
    );
    expect(() => parseCommand(['build', '--format', 'docx'])).toThrow(/Unknown format `docx`/);
    expect(() => parseCommand(['build', '--colour'])).toThrow(UsageError);
  });
});
