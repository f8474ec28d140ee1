// `npm run bench -- --countries N`: generate a synthetic report of N country chapters, build it
// with the real pipeline in a child process while sampling the memory of that process and its
// Chromium, then print the whole report as one document with the same pages, with nothing else (the reference).
// Prints a table, then one JSON line with every figure.
import {spawn, type ChildProcess} from 'node:child_process';
import {rmSync} from 'node:fs';
import {appendFile, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {availableParallelism, tmpdir} from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {generateReport, sectionTopics} from './generate-report.js';
import {cpuGroupOf, type CpuGroup} from './cpu-group.js';
import {watchProcessTree} from './process-tree.js';

const root = path.resolve(import.meta.dirname, '..');
/** How many control groups this run has made: each watched child gets its own. */
let groups = 0;
/** The children being watched, with their groups: ended and removed however the benchmark ends (see its `exit` handler). */
const watching = new Set<{child: ChildProcess; group: CpuGroup | undefined}>();
// Interrupted, the benchmark still ends through its `exit` handler, so that nothing is left behind.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143]
] as const)
  process.once(signal, () => process.exit(code));

const usage = `Usage: npm run bench -- [options]

Builds a generated report of N countries with the real pipeline, measures each stage, the peak
memory of the whole process tree, and a reference (a bare Chromium launch, load and one tagged
print of the same pages) in the same run, then prints a table and one JSON line.

Options:
  --countries N         Countries in the generated report (default: 40)
  --format LIST         Formats to build: pdf, epub, briefs (default: pdf,epub,briefs); with more
                        than the PDF, the PDF is also built alone (--format pdf) for its ratio
  --seed N              Seed of the generated text (default: 2021)
  --charts N            Chart blocks in the generated report (default: 0); with N > 0 the same
                        report without charts is built too, to say what the charts add
  --epub-runs N         Runs of the EPUB comparison (default: 3; 0 skips it): \`folio build --format
                        epub\` through the command line, cold and after one edit, against Pandoc's
                        \`pandoc all.md --toc -o out.epub\` on the same Markdown when Pandoc is installed
  --editions LIST       Also build the same report with editions in these languages beside the
                        English source (for example fr,es), each with every file translated (the
                        same words, stamped), to say what one more edition adds to the build
  --rebuilds            Also time a rebuild with nothing changed and one after an edit
  --reference-runs N    Runs of the reference; the median is compared (default: 3)
  --keep                Keep the generated report and outputs, and print where they are
  -h, --help            Show this help
`;

/** The benchmark's options, or the usage and exit code 0 (help) or 1 (a mistake) without a stack trace. */
function options() {
  try {
    const {values} = parseArgs({
      options: {
        countries: {type: 'string', default: '40'},
        charts: {type: 'string', default: '0'},
        'epub-runs': {type: 'string', default: '3'},
        format: {type: 'string', default: 'pdf,epub,briefs'},
        editions: {type: 'string', default: ''},
        seed: {type: 'string', default: '2021'},
        rebuilds: {type: 'boolean', default: false},
        // This shared VM's speed drifts by a quarter from minute to minute: the reference is the
        // median of several runs (each a fresh launch, load and print), all of them printed.
        'reference-runs': {type: 'string', default: '3'},
        keep: {type: 'boolean', default: false},
        help: {type: 'boolean', short: 'h', default: false}
      }
    });
    if (values.help) {
      process.stdout.write(usage);
      process.exit(0);
    }
    for (const name of ['countries', 'reference-runs', 'charts', 'epub-runs'] as const) {
      const number = Number(values[name]);
      if (!Number.isInteger(number) || number < (name === 'charts' || name === 'epub-runs' ? 0 : 1))
        throw new Error(
          `--${name} must be a ${name === 'charts' ? 'whole number' : 'positive whole number'}, not \`${values[name]}\``
        );
    }
    for (const language of values.editions ? values.editions.split(',') : [])
      if (!/^[a-z]{2,3}$/.test(language) || language === 'en')
        throw new Error(`--editions takes languages other than en, such as fr,es, not \`${language}\``);
    return values;
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${usage}`);
    process.exit(1);
  }
}

const values = options();
const countries = Number(values.countries);
const charts = Number(values.charts);

/** One stage as the build reported it on stderr. */
interface Stage {
  name: string;
  detail: string;
  ms: number;
}

/** What one run of the build measured. */
interface Run {
  wallMs: number;
  buildMs: number;
  peakRssBytes: number;
  /** The same tree's peak proportional set size: what the processes really hold together. */
  peakPssBytes: number;
  stages: Stage[];
  /** How many parts the report was printed in: the front matter and each chapter, each printed once. */
  reportParts: number;
  /**
   * CPU time (user and system) the build used: in Node (every thread: the main one, the parse and
   * chart workers) from the build's start to its end, as the build's process measured it; in
   * Chromium's processes, as sampled from /proc. The same up to the end of the report's `pdf`
   * stage, when the build printed a report; and how well the sampling saw it.
   */
  cpu: {
    nodeMs: number;
    chromiumMs: number;
    untilReportPrinted?: {nodeMs: number; chromiumMs: number};
    sampling: ReturnType<ReturnType<typeof watchChild>['stop']>['sampling'];
  };
}

const work = await mkdtemp(path.join(tmpdir(), 'folio-bench-'));
// However the benchmark ends (done, failed or interrupted), the children it watches are ended and
// their groups removed, then the generated report goes, unless --keep.
process.on('exit', () => {
  for (const {child, group} of watching) {
    child.kill();
    try {
      group?.remove();
    } catch (error) {
      process.stderr.write(`bench: could not remove a control group: ${(error as Error).message}\n`);
    }
  }
  if (values.keep) log(`kept ${work}`);
  else {
    try {
      rmSync(work, {recursive: true, force: true});
    } catch {
      // A child still writing into it: the folder is left, in the system's temporary folder.
    }
  }
});
const contentDir = path.join(work, 'content');
const outDir = path.join(work, 'output');
const htmlFile = path.join(work, 'final.html');
log(`generating ${countries} countries in ${work}`);
const generated = await generateReport(contentDir, {countries, seed: Number(values.seed), charts});
log(`building (${values.format})`);
const run = await runBuild();
// The whole build makes the report, the briefs and the EPUB side by side, so its \`pdf\` stage
// shares the cores: the PDF is measured alone, by a build of only \`--format pdf\`.
const formats = values.format.split(',');
let pdfAlone: Run | undefined;
if (formats.includes('pdf') && formats.length > 1) {
  log('building the PDF alone (pdf)');
  pdfAlone = await runBuild(
    'pipeline',
    contentDir,
    path.join(work, 'output-pdf-alone'),
    path.join(work, 'final-pdf-alone.html'),
    'pdf'
  );
}
// The same report without its charts, built the same way: what the charts add is the difference.
let withoutCharts: Run | undefined;
if (charts > 0) {
  const plain = path.join(work, 'content-without-charts');
  await generateReport(plain, {countries, seed: Number(values.seed)});
  log(`building the same report without its ${charts} charts`);
  // Its own HTML file: the reference prints the report with its charts.
  withoutCharts = await runBuild(
    'pipeline',
    plain,
    path.join(work, 'output-without-charts'),
    path.join(work, 'final-without-charts.html')
  );
}
// The same report with more editions, built the same way: what they add is the difference.
const languages = values.editions ? values.editions.split(',') : [];
let withEditions: Run | undefined;
if (languages.length > 0) {
  const multilingual = path.join(work, 'content-editions');
  await generateReport(multilingual, {countries, seed: Number(values.seed), charts, editions: languages});
  log(`building the same report with editions in ${languages.join(', ')} beside the source`);
  withEditions = await runBuild(
    'pipeline',
    multilingual,
    path.join(work, 'output-editions'),
    path.join(work, 'final-editions.html')
  );
}
const html = await readFile(htmlFile, 'utf8');
const pages = Number(/(\d+) pages/.exec(stage(run, 'pdf')?.detail ?? '')?.[1] ?? 0);
// Rebuilds follow at once, so that nothing but the edit can change between them.
const rebuilds = values.rebuilds ? await measureRebuilds(generated.chapters[1]!) : undefined;
const reference = html ? await medianReference(Number(values['reference-runs'])) : undefined;
if (reference && pages && reference.pages !== pages) {
  throw new Error(`The reference printed ${reference.pages} pages, the build ${pages}: it is not the same document`);
}
const epub =
  Number(values['epub-runs']) > 0 ? await compareEpub(generated.files, Number(values['epub-runs'])) : undefined;
report(
  run,
  pdfAlone ?? run,
  pages,
  reference,
  rebuilds,
  withoutCharts,
  epub,
  withEditions && {languages, run: withEditions}
);

/** Run the real build in a child process, sampling the memory of its whole process tree. */
async function runBuild(
  through: 'pipeline' | 'cli' = 'pipeline',
  content = contentDir,
  out = outDir,
  html = htmlFile,
  format = values.format
): Promise<Run> {
  const args =
    through === 'cli'
      ? [path.join(root, 'src/cli.ts'), 'build', '--content', content, '--out', out, '--format', format]
      : [path.join(root, 'scripts/bench-build.ts'), content, out, format, html];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'pipe']
  });
  const started = performance.now();
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  const watch = watchChild(child);
  // What had been used when the build says the report is printed: the end of its `pdf` stage.
  let atReportPrinted: ReturnType<typeof watch.now> | undefined;
  child.stderr.on('data', () => {
    if (!atReportPrinted && stderr.includes('bench: the report was printed after ')) atReportPrinted = watch.now();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const watched = watch.stop();
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`The build failed with exit code ${code}`);
  const stages: Stage[] = [];
  let buildMs = 0;
  for (const line of stderr.split('\n')) {
    const done = /^folio: (?:up to date: .*, )?done in (\d+(?:\.\d+)?) (ms|s)$/.exec(line);
    if (done) buildMs = toMs(done[1]!, done[2]!);
    // A stage of another edition than the source's carries its language: `pdf (fr) 415 pages (9.12 s)`.
    const match = /^folio: ([a-z]+(?: \([A-Za-z0-9-]+\))?)(?: (.*?))? \((\d+(?:\.\d+)?) (ms|s)\)$/.exec(line);
    if (match) stages.push({name: match[1]!, detail: match[2] ?? '', ms: toMs(match[3]!, match[4]!)});
  }
  const reportParts = Number(/^bench: the report was printed in (\d+) parts$/m.exec(stderr)?.[1] ?? 0);
  const nodeCpuMs = Number(/^bench: the build used (\d+) ms of CPU in Node$/m.exec(stderr)?.[1] ?? 0);
  const printedLine =
    /^bench: the report was printed after (\d+) ms of CPU in Node, (\d+) ms since this process began$/m.exec(stderr);
  const printed = printedLine && atReportPrinted;
  return {
    wallMs,
    buildMs,
    peakRssBytes: watched.peakRssBytes,
    peakPssBytes: watched.peakPssBytes,
    stages,
    reportParts,
    cpu: {
      nodeMs: nodeCpuMs,
      // Chromium lives only inside the build: all of its processes' time is the build's.
      chromiumMs: chromiumCpu(watched, processCpuMs(stderr)),
      untilReportPrinted: printed
        ? {nodeMs: Number(printedLine[1]), chromiumMs: chromiumCpu(printed, Number(printedLine[2]))}
        : undefined,
      sampling: watched.sampling
    }
  };
}

/** The reference measured `runs` times; the run with the median total, and every run's total. */
async function medianReference(runs: number) {
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--reference-runs must be a positive whole number, not \`${runs}\``);
  const measured = [];
  for (let run = 1; run <= runs; run++) {
    log(`reference print ${run}/${runs}`);
    measured.push(await measureReference());
  }
  const sorted = [...measured].sort((a, b) => a.totalMs - b.totalMs);
  return {...sorted[Math.floor((sorted.length - 1) / 2)]!, runsMs: measured.map((entry) => Math.round(entry.totalMs))};
}

/**
 * The reference, in a process of its own (scripts/bench-reference.ts): a bare Chromium launch, one
 * load of `html` in the same hardened page, one tagged print, nothing else. Its CPU time is
 * counted as the build's is: Node's from the launch to the browser's close, as the process
 * measured it, and Chromium's from outside (see `chromiumCpu`).
 */
async function measureReference() {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts/bench-reference.ts'), contentDir, htmlFile],
    {cwd: root, stdio: ['ignore', 'pipe', 'pipe']}
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const watch = watchChild(child);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const watched = watch.stop();
  if (code !== 0) throw new Error(`The reference print failed with exit code ${code}:\n${stderr}`);
  const measured = JSON.parse(stdout) as {
    launchMs: number;
    loadMs: number;
    printMs: number;
    totalMs: number;
    nodeCpuMs: number;
    pages: number;
  };
  const chromiumMs = chromiumCpu(watched, processCpuMs(stderr));
  return {
    ...measured,
    peakRssBytes: watched.peakRssBytes,
    cpu: {nodeMs: measured.nodeCpuMs, chromiumMs, sampling: watched.sampling},
    cpuMs: measured.nodeCpuMs + chromiumMs
  };
}

/**
 * Watch a child and the processes under it: their memory and Chromium's CPU time by sampling
 * /proc, and where the machine lets the benchmark make a control group, all the CPU time they
 * use as the kernel counts it. `now()` says what has been used so far; `stop()`, at the end, also
 * how well the sampling saw it.
 */
function watchChild(child: ChildProcess) {
  const group = cpuGroupOf(child.pid!, `folio-bench-${process.pid}-${++groups}`);
  const tree = watchProcessTree(child.pid!, {counts: isChromium});
  const ownBefore = process.cpuUsage();
  const entry = {child, group};
  watching.add(entry);
  return {
    now() {
      return {...tree.usage(), groupMs: group?.usageMs()};
    },
    stop() {
      const watched = tree.stop();
      const groupMs = group?.usageMs();
      watching.delete(entry);
      group?.remove();
      const own = process.cpuUsage(ownBefore);
      return {
        ...watched,
        groupMs,
        sampling: {
          chromiumBy: group ? ('control group' as const) : ('sampling' as const),
          sampledChromiumMs: Math.round(watched.cpuMs),
          endedProcesses: watched.endedProcesses,
          longestGapMs: Math.round(watched.longestGapMs),
          // Nearly all this process does while it waits for the child: the sampling's own cost.
          samplerCpuMs: Math.round((own.user + own.system) / 1000)
        }
      };
    }
  };
}

/** What the child said its own process used in all, from its exit: Node's start-up and all. */
function processCpuMs(stderr: string) {
  const used = /^bench: this process used (\d+) ms of CPU in all$/m.exec(stderr)?.[1];
  return used === undefined ? undefined : Number(used);
}

/**
 * Chromium's CPU time: what the kernel counted for the child's group, less the child's own
 * process and the other processes sampled under it (tsx's esbuild service); where there is no
 * group, what the sampling saw, which misses what each process used after its last sample.
 * The child joins its group a moment after it is spawned, still in `exec`: what it used before
 * is in its own total but not the group's, so Chromium's figure may be low by that much (well
 * under a millisecond), never high.
 */
function chromiumCpu(
  used: {cpuMs: number; otherCpuMs: number; groupMs?: number | undefined},
  processMs: number | undefined
) {
  if (used.groupMs === undefined || processMs === undefined) return Math.round(used.cpuMs);
  return Math.max(0, Math.round(used.groupMs - processMs - used.otherCpuMs));
}

/** Chromium's processes, by their command name: not tsx's esbuild service, which the build's process also runs. */
function isChromium(command: string) {
  return /^(chromium|chrome|headless_shell)/.test(command);
}

/** Rebuild with nothing changed (as `folio build` does, from the command line), then after editing one section file of `chapter`. */
async function measureRebuilds(chapter: string) {
  log('rebuilding with nothing changed');
  const unchanged = await runBuild('cli');
  const edited = path.join(contentDir, 'countries', chapter, `${sectionTopics[3][0]}.md`);
  await appendFile(edited, '\nThe authorities did not reply to a letter sent in December.\n');
  log(`rebuilding after editing ${path.relative(contentDir, edited)}`);
  const oneEdit = await runBuild();
  return {unchanged, oneEdit};
}

function report(
  run: Run,
  pdfRun: Run,
  pages: number,
  reference: Awaited<ReturnType<typeof medianReference>> | undefined,
  rebuilds: {unchanged: Run; oneEdit: Run} | undefined,
  withoutCharts: Run | undefined,
  epub: Awaited<ReturnType<typeof compareEpub>> | undefined,
  editions?: {languages: string[]; run: Run}
) {
  const ms = (name: string, of = run) => stage(of, name)?.ms ?? 0;
  // The PDF alone, in a build of only `--format pdf`: everything up to the report print (waiting
  // for Chromium, the `browser` line, happens inside the `pdf` stage and is counted there).
  const pdfMs = ['load', 'charts', 'compile', 'check', 'pdf'].reduce((sum, name) => sum + ms(name, pdfRun), 0);
  const ratio = (value: number) => (reference ? round(value / reference.totalMs, 2) : undefined);
  const cores = availableParallelism();
  // The PDF's CPU time over the same window as its time: up to the end of its `pdf` stage.
  const pdfCpu = pdfRun.cpu.untilReportPrinted ?? pdfRun.cpu;
  const cpuOf = (of: {nodeMs: number; chromiumMs: number}) => Math.round(of.nodeMs + of.chromiumMs);
  const result = {
    countries,
    formats: values.format,
    pages,
    reportParts: run.reportParts,
    stagesMs: Object.fromEntries(run.stages.map((entry) => [entry.name, Math.round(entry.ms)])),
    pdfAlone: {
      formats: pdfRun === run ? values.format : 'pdf',
      loadToPdfMs: Math.round(pdfMs),
      stagesMs: Object.fromEntries(pdfRun.stages.map((entry) => [entry.name, Math.round(entry.ms)])),
      peakRssMiB: round(pdfRun.peakRssBytes / 1048576, 0),
      peakPssMiB: round(pdfRun.peakPssBytes / 1048576, 0)
    },
    briefs: Number(/(\d+) printed/.exec(stage(run, 'briefs')?.detail ?? '')?.[1] ?? 0),
    totalMs: Math.round(run.buildMs),
    wallMs: Math.round(run.wallMs),
    msPerPage: pages ? round(run.buildMs / pages, 1) : undefined,
    pdfMsPerPage: pages ? round(pdfMs / pages, 1) : undefined,
    peakRssMiB: round(run.peakRssBytes / 1048576, 0),
    peakPssMiB: round(run.peakPssBytes / 1048576, 0),
    reference: reference && {
      launchMs: Math.round(reference.launchMs),
      loadMs: Math.round(reference.loadMs),
      printMs: Math.round(reference.printMs),
      totalMs: Math.round(reference.totalMs),
      runsMs: reference.runsMs,
      peakRssMiB: round(reference.peakRssBytes / 1048576, 0)
    },
    ratio: {
      total: ratio(run.buildMs),
      pdf: ratio(pdfMs),
      briefs: stage(run, 'briefs') ? ratio(ms('briefs')) : undefined
    },
    // The work each did, in CPU time, and its ratio to the reference's. Spread evenly over every
    // core, a build's CPU time is the least wall time it could take on this machine: its ratio to
    // the reference's wall time is a floor that only less work, not more parallelism, can lower.
    // The PDF alone is counted up to the end of its `pdf` stage, as its time is.
    cpu: {
      cores,
      build: {
        nodeMs: run.cpu.nodeMs,
        chromiumMs: run.cpu.chromiumMs,
        totalMs: cpuOf(run.cpu),
        sampling: run.cpu.sampling
      },
      pdfAlone: {
        nodeMs: pdfCpu.nodeMs,
        chromiumMs: pdfCpu.chromiumMs,
        totalMs: cpuOf(pdfCpu),
        sampling: pdfRun.cpu.sampling
      },
      reference: reference && {
        nodeMs: Math.round(reference.cpu.nodeMs),
        chromiumMs: reference.cpu.chromiumMs,
        totalMs: cpuOf(reference.cpu),
        sampling: reference.cpu.sampling
      },
      workRatio: reference && {
        total: round(cpuOf(run.cpu) / cpuOf(reference.cpu), 2),
        pdf: round(cpuOf(pdfCpu) / cpuOf(reference.cpu), 2),
        pdfChromium: round(pdfCpu.chromiumMs / reference.cpu.chromiumMs, 2)
      },
      floorRatio: {total: ratio(cpuOf(run.cpu) / cores), pdf: ratio(cpuOf(pdfCpu) / cores)}
    },
    epub: epub && {
      folioColdMs: median(epub.folioCold),
      folioAfterEditMs: median(epub.folioAfterEdit),
      pandocMs: epub.pandoc && median(epub.pandoc),
      runs: epub
    },
    charts: withoutCharts && {
      count: charts,
      stageMs: Math.round(ms('charts')),
      withoutChartsMs: Math.round(withoutCharts.buildMs),
      addedMs: Math.round(run.buildMs - withoutCharts.buildMs),
      addedMsPerChart: round((run.buildMs - withoutCharts.buildMs) / charts, 1),
      peakRssMiBWithout: round(withoutCharts.peakRssBytes / 1048576, 0)
    },
    editions: editions && {
      languages: editions.languages,
      sourceOnlyMs: Math.round(run.buildMs),
      withEditionsMs: Math.round(editions.run.buildMs),
      // What one more edition adds, against what the source edition alone costs with everything it shares.
      perEditionMs: Math.round((editions.run.buildMs - run.buildMs) / editions.languages.length),
      perEditionOfSourceOnly: round((editions.run.buildMs - run.buildMs) / editions.languages.length / run.buildMs, 2),
      stagesMs: Object.fromEntries(editions.run.stages.map((entry) => [entry.name, Math.round(entry.ms)])),
      peakRssMiB: round(editions.run.peakRssBytes / 1048576, 0),
      peakPssMiB: round(editions.run.peakPssBytes / 1048576, 0)
    },
    rebuilds: rebuilds && {
      unchangedMs: Math.round(rebuilds.unchanged.buildMs),
      unchangedWallMs: Math.round(rebuilds.unchanged.wallMs),
      oneEditMs: Math.round(rebuilds.oneEdit.buildMs),
      oneEditStagesMs: Object.fromEntries(rebuilds.oneEdit.stages.map((entry) => [entry.name, Math.round(entry.ms)])),
      oneEditLoad: stage(rebuilds.oneEdit, 'load')?.detail
    }
  };
  const rows: Array<[string, string]> = [
    ['countries', String(countries)],
    // Pages and parts are the PDF's: a run of other formats alone has neither.
    ...(pages > 0
      ? [
          ['pages', String(pages)] as [string, string],
          ['report printed in parts (each once)', String(run.reportParts)] as [string, string]
        ]
      : []),
    ...run.stages.map((entry): [string, string] => [
      `stage ${entry.name}`,
      `${seconds(entry.ms)}${entry.detail ? `  ${entry.detail}` : ''}`
    ]),
    ['total (build)', seconds(run.buildMs)],
    ...(pdfRun === run
      ? []
      : [
          ['the PDF alone (--format pdf): load … pdf', seconds(pdfMs)] as [string, string],
          ...pdfRun.stages.map((entry): [string, string] => [`  pdf alone: stage ${entry.name}`, seconds(entry.ms)])
        ]),
    ['wall (with Node start-up)', seconds(run.wallMs)],
    [
      'CPU time of the build',
      `${seconds(result.cpu.build.totalMs)} (Node ${seconds(run.cpu.nodeMs)}, Chromium ${seconds(run.cpu.chromiumMs)}) on ${cores} cores`
    ],
    ...(pdfRun === run
      ? []
      : [
          [
            'CPU time of the PDF alone: load … pdf',
            `${seconds(result.cpu.pdfAlone.totalMs)} (Node ${seconds(pdfCpu.nodeMs)}, Chromium ${seconds(pdfCpu.chromiumMs)})`
          ] as [string, string]
        ]),
    ...(result.msPerPage === undefined ? [] : [['time per page', `${result.msPerPage} ms`] as [string, string]]),
    ['peak memory (Node + Chromium)', `${result.peakRssMiB} MiB summed VmRSS, ${result.peakPssMiB} MiB summed PSS`]
  ];
  if (result.epub)
    rows.push(
      ['EPUB through `folio` (cold, median)', seconds(result.epub.folioColdMs)],
      ['EPUB through `folio` (one edit, median)', seconds(result.epub.folioAfterEditMs)],
      [
        'EPUB by Pandoc (median)',
        result.epub.pandocMs === undefined ? 'Pandoc not installed' : seconds(result.epub.pandocMs)
      ]
    );
  if (result.charts)
    rows.push(
      [`the same without its ${charts} charts`, seconds(withoutCharts!.buildMs)],
      [`what ${charts} charts add`, `${seconds(result.charts.addedMs)} (${result.charts.addedMsPerChart} ms a chart)`]
    );
  if (result.editions)
    rows.push(
      [
        `with editions in ${result.editions.languages.join(', ')}`,
        `${seconds(result.editions.withEditionsMs)}, peak ${result.editions.peakRssMiB} MiB summed VmRSS`
      ],
      [
        'what one more edition adds',
        `${seconds(result.editions.perEditionMs)} (${result.editions.perEditionOfSourceOnly}× the source edition's whole build)`
      ]
    );
  if (reference) {
    rows.push(
      ['reference: launch', seconds(reference.launchMs)],
      ['reference: load the whole report', seconds(reference.loadMs)],
      ['reference: one tagged print', seconds(reference.printMs)],
      [
        'reference: total (median run)',
        `${seconds(reference.totalMs)}  (runs: ${reference.runsMs.map(seconds).join(', ')})`
      ],
      [
        'reference: CPU time',
        `${seconds(result.cpu.reference!.totalMs)} (Node ${seconds(reference.cpu.nodeMs)}, Chromium ${seconds(reference.cpu.chromiumMs)})`
      ],
      [
        "CPU time / the reference's",
        `${result.cpu.workRatio!.total}× the whole build, ${result.cpu.workRatio!.pdf}× the PDF alone (Chromium's alone: ${result.cpu.workRatio!.pdfChromium}×)`
      ],
      ['total / reference', `${result.ratio.total}×`],
      ['PDF alone (load…pdf) / reference', `${result.ratio.pdf}×`],
      [
        'floor: CPU time / cores / reference',
        `${result.cpu.floorRatio.total}× the whole build, ${result.cpu.floorRatio.pdf}× the PDF alone`
      ],
      [
        "Chromium's CPU time: how it was counted",
        (
          [
            ['the build', run],
            ...(pdfRun === run ? [] : [['the PDF alone', pdfRun] as const]),
            ['the reference', reference]
          ] as const
        )
          .map(
            ([name, {cpu}]) =>
              `${name}: by ${cpu.sampling.chromiumBy}, ${seconds(cpu.chromiumMs)} (sampling saw ${seconds(cpu.sampling.sampledChromiumMs)}, ${cpu.sampling.endedProcesses} processes ended, gaps up to ${cpu.sampling.longestGapMs} ms, the sampler took ${seconds(cpu.sampling.samplerCpuMs)})`
          )
          .join('; ')
      ]
    );
    // In the whole build the briefs print beside the report: their stage's time overlaps the PDF's.
    if (result.ratio.briefs !== undefined)
      rows.push(['briefs (beside the PDF) / reference', `${result.ratio.briefs}×`]);
  }
  if (result.rebuilds) {
    rows.push(
      [
        'rebuild, nothing changed',
        `${seconds(result.rebuilds.unchangedMs)} (wall ${seconds(result.rebuilds.unchangedWallMs)})`
      ],
      [
        'rebuild, one section edited',
        `${seconds(result.rebuilds.oneEditMs)}  load: ${result.rebuilds.oneEditLoad ?? ''}`
      ]
    );
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  process.stdout.write(
    `\n${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n\n${JSON.stringify(result)}\n`
  );
}

function stage(run: Run, name: string): Stage | undefined {
  return run.stages.find((entry) => entry.name === name);
}

function toMs(value: string, unit: string): number {
  return Number(value) * (unit === 's' ? 1000 : 1);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

function log(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

/**
 * The EPUB alone, as a user makes it: \`folio build --format epub\` through the compiled command line,
 * wall time with Node's start-up, from no cache at all (cold) and after one edit (the parse, chart
 * and cover caches warm, so Chromium does not start); and Pandoc on the same Markdown joined into
 * one file, when it is installed. The three are run in turn, \`runs\` times, so that the VM's
 * drift from minute to minute falls on each alike.
 */
async function compareEpub(files: readonly string[], runs: number) {
  const epubOut = path.join(work, 'output-epub');
  const cli = [
    path.join(root, 'dist/cli.js'),
    'build',
    '--content',
    contentDir,
    '--out',
    epubOut,
    '--format',
    'epub',
    '--quiet'
  ];
  const folioCold: number[] = [];
  const folioAfterEdit: number[] = [];
  const pandoc: number[] | undefined = (await onPath('pandoc')) ? [] : undefined;
  const edited = path.join(contentDir, files[1]!);
  const original = await readFile(edited, 'utf8');
  const joined = path.join(work, 'all.md');
  if (pandoc) {
    const texts = await Promise.all(files.map((file) => readFile(path.join(contentDir, file), 'utf8')));
    // Each file numbers its notes from n0: labelled per file, so that Pandoc keeps every note (as
    // Folio does) instead of warning about and dropping the repeated labels.
    await writeFile(
      joined,
      texts
        .map((text, index) => text.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/\[\^([^\]\s]+)\]/g, `[^f${index}-$1]`))
        .join('\n\n')
    );
  }
  try {
    for (let run = 1; run <= runs; run++) {
      log(`EPUB through folio, cold ${run}/${runs}`);
      await rm(epubOut, {recursive: true, force: true});
      folioCold.push(await timed(process.execPath, cli));
      log(`EPUB through folio, after one edit ${run}/${runs}`);
      await writeFile(edited, `${original}\nOne more sentence for run ${run}.\n`);
      folioAfterEdit.push(await timed(process.execPath, cli));
      await writeFile(edited, original);
      if (!pandoc) continue;
      log(`EPUB by Pandoc ${run}/${runs}`);
      pandoc.push(
        await timed('pandoc', [joined, '--toc', '--metadata', 'title=Report', '-o', path.join(work, 'pandoc.epub')])
      );
    }
  } finally {
    await writeFile(edited, original);
  }
  return {folioCold, folioAfterEdit, pandoc};
}

/** The wall time of one run of a command, which must succeed. */
async function timed(command: string, args: readonly string[]): Promise<number> {
  const started = performance.now();
  // What the command says is kept, not printed (a terminal's scrolling would count in its time), and shown if it fails.
  const child = spawn(command, args, {cwd: root, stdio: ['ignore', 'ignore', 'pipe']});
  let said = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (said += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed with exit code ${code}:\n${said}`);
  return Math.round(performance.now() - started);
}

async function onPath(command: string): Promise<boolean> {
  const child = spawn('sh', ['-c', `command -v ${command}`], {stdio: 'ignore'});
  return (await new Promise<number | null>((resolve) => child.on('close', resolve))) === 0;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
