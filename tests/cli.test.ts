import {describe, expect, it} from 'vitest';
import {parseCommand, UsageError} from '../src/cli/parse-args.js';

describe('parseCommand', () => {
  it('defaults `build` to the content and output folders and every format', () => {
    expect(parseCommand(['build'])).toMatchObject({name: 'build', contentDir: 'content', outDir: 'output', formats: ['pdf', 'epub', 'briefs'], chapters: [], quiet: false});
  });

  it('reads folders, formats, repeated chapters and --quiet', () => {
    expect(parseCommand(['build', '--content', 'c', '--out=o', '--format', 'pdf, briefs,pdf', '--chapter', 'a', '--chapter', 'b', '--quiet'])).toMatchObject({
      contentDir: 'c',
      outDir: 'o',
      formats: ['pdf', 'briefs'],
      chapters: ['a', 'b'],
      quiet: true
    });
  });

  it('shows help for no command, `help` and --help', () => {
    for (const argv of [[], ['help'], ['build', '--help'], ['-h']]) expect(parseCommand(argv).name).toBe('help');
  });

  it('rejects unknown commands, formats and options with a usage error', () => {
    expect(() => parseCommand(['publish'])).toThrow(new UsageError('Unknown command `publish`; use `build`, `check` or `help`'));
    expect(() => parseCommand(['build', '--format', 'docx'])).toThrow(/Unknown format `docx`/);
    expect(() => parseCommand(['build', '--colour'])).toThrow(UsageError);
  });
});
