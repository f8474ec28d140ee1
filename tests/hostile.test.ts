import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, readFile, readdir, symlink, writeFile} from 'node:fs/promises';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {unzipSync} from 'fflate';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {checkReport} from '../src/build.js';
import {defaultTemplatesDir} from '../src/project-paths.js';
import {ContentError} from '../src/diagnostics/errors.js';
import {AssetServer} from '../src/browser/asset-server.js';
import {closeBrowser, launchBrowser, printHtml, withPartPrinter} from '../src/browser/browser.js';
import {buildToTemp, captureStream} from './helpers/build.js';
import {pdfText} from './helpers/pdf.js';

// Every hostile input tries to reach this server, read this secret, or create this file.
const secretText = 'FOLIO-SECRET-7f3a9c';
let server: Server;
let requests: string[];
let base: string;
let work: string;
let pwned: string;

beforeAll(async () => {
  requests = [];
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.end('<html><body>FETCHED-FROM-NETWORK</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  work = await mkdtemp(path.join(tmpdir(), 'folio-hostile-'));
  pwned = path.join(work, 'pwned');
  await writeFile(path.join(work, 'secret.txt'), secretText);
  await writeFile(
    path.join(work, 'secret.svg'),
    `<svg xmlns="http://www.w3.org/2000/svg"><text>${secretText}</text></svg>`
  );
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const manifest = (chapters: string) =>
  `title: Hostile report\npublisher: P\nauthors: A\ndate: 2021-01-01\nlanguage: en\nidentifier: urn:x\ndescription: D\nbriefs: true\nchapters: [${chapters}]\n`;

/** Raw HTML that tries every way to run code or reach the network, yet passes `folio check`. */
function hostileMarkdown(): string {
  const u = (name: string) => `${base}/${name}`;
  return `# Hostile chapter

Қазақстан: the visible text.

<script>require('fs').writeFileSync(${JSON.stringify(pwned)}, 'x'); fetch('${u('script')}'); document.write('JS-RAN')</script>
<iframe src="${u('iframe')}"></iframe>
<iframe srcdoc="<img src='${u('srcdoc')}'>"></iframe>
<iframe src="data:text/html,<img src='${u('data-frame')}'>"></iframe>
<object data="${u('object')}"></object>
<embed src="${u('embed')}">
<img src="ok.svg" alt="A chart" srcset="${u('srcset')} 2x" onerror="fetch('${u('onerror')}')">
<picture><source srcset="${u('picture')}"><img src="ok.svg" alt="A chart"></picture>
<a href="javascript:fetch('${u('javascript')}')">a script link</a>
<div style="background-image: url('${u('style-attr')}')">styled</div>
<style>@import url('${u('import')}'); body { background: url('${u('css')}') }</style>
<link rel="stylesheet" href="${u('link')}">
<base href="${u('base/')}">
<meta http-equiv="refresh" content="0; url=${u('refresh')}">
<form action="${u('form')}"><input type="image" src="${u('input')}"><button formaction="${u('button')}">go</button></form>
<video poster="${u('poster')}" src="${u('video')}"></video>
<audio src="${u('audio')}"></audio>
<svg><image href="${u('svg-image')}"/></svg>
<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">m</maction></math>
<p onclick="alert(1)" onmouseover="fetch('${u('event')}')">events</p>

## A section

A [normal link](${u('plain-link')}) is printed, never followed.
`;
}

describe('a hostile report is neutralised in every edition', () => {
  it('builds, runs no code, makes no request and leaks nothing', async () => {
    const content = path.join(work, 'content');
    await mkdir(content, {recursive: true});
    await writeFile(path.join(content, 'report.yaml'), manifest('a.md'));
    await writeFile(path.join(content, 'a.md'), hostileMarkdown());
    await writeFile(
      path.join(content, 'ok.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    );
    const {outDir, result} = await buildToTemp(content, {formats: ['pdf', 'epub', 'briefs']});
    expect(requests).toEqual([]);
    expect(existsSync(pwned)).toBe(false);
    expect(result.files.length).toBe(3);
    const pdfs = result.files.filter((file) => file.path.endsWith('.pdf'));
    for (const file of pdfs) {
      const text = pdfText(file.path);
      expect(text).toContain('Қазақстан');
      for (const marker of ['JS-RAN', 'FETCHED-FROM-NETWORK', secretText, 'require('])
        expect(text).not.toContain(marker);
    }
    const epub = unzipSync(await readFile(result.files.find((file) => file.path.endsWith('.epub'))!.path));
    const xhtml = Object.entries(epub)
      .filter(([name]) => name.endsWith('-a.xhtml'))
      .map(([, bytes]) => new TextDecoder().decode(bytes))
      .join('\n');
    expect(xhtml).toContain('Қазақстан');
    // The EPUB's own stylesheet link and GFM's disabled task-list checkbox are the only such elements allowed.
    expect(xhtml).not.toMatch(
      /<(script|iframe|object|embed|style|base|form|button)\b|<meta http-equiv|<link\b(?![^>]*href="style\.css")|<input\b(?![^>]*type="checkbox")/i
    );
    expect(xhtml).not.toMatch(/\son[a-z]+=|javascript:|srcset|srcdoc|127\.0\.0\.1:\d+\/(?!plain-link)/i);
    expect(await readdir(outDir)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
  });
});

describe('content that reaches outside the report fails the check', () => {
  /** Check a report whose one chapter is `markdown`, returning the messages. */
  async function checkChapter(
    name: string,
    markdown: string,
    setup?: (content: string) => Promise<void>
  ): Promise<string> {
    const content = path.join(work, name);
    await mkdir(content, {recursive: true});
    await writeFile(path.join(content, 'report.yaml'), manifest('a.md'));
    await writeFile(path.join(content, 'a.md'), markdown);
    await setup?.(content);
    const stream = captureStream();
    await expect(checkReport(content, {stderr: stream})).rejects.toBeInstanceOf(ContentError);
    return stream.text();
  }

  it('never evaluates ---js or ---javascript front matter', async () => {
    for (const fence of ['js', 'javascript']) {
      const text = await checkChapter(
        `js-${fence}`,
        `---${fence}\n{title: require('fs').writeFileSync(${JSON.stringify(pwned)}, 'x')}\n---\n# T\n\nText.\n`
      );
      expect(text).toContain(
        `a.md:1:1: error: Front matter must be YAML; \`---${fence}\` is not read. Use a plain \`---\` fence [front-matter-language]`
      );
    }
    expect(existsSync(pwned)).toBe(false);
  });

  it('refuses remote images, file: links, ../ paths and symbolic links out of the content folder', async () => {
    const text = await checkChapter(
      'reach-out',
      `# T\n\n![remote](${base}/remote.png)\n\n<img src="${base}/raw.png" alt="raw">\n\n[file](file://${work}/secret.txt)\n\n![up](../secret.svg)\n\n![link](leak.svg)\n\n[up](../secret.txt)\n`,
      (content) => symlink(path.join(work, 'secret.svg'), path.join(content, 'leak.svg'))
    );
    expect(text).toMatch(
      /a\.md:3:1: error: Image `http:\/\/127\.0\.0\.1:\d+\/remote\.png` is not a file of the report.*\[image-remote\]/
    );
    expect(text).toMatch(
      /a\.md:5:1: error: Image `http:\/\/127\.0\.0\.1:\d+\/raw\.png` is not a file of the report.*\[image-remote\]/
    );
    expect(text).toMatch(/a\.md:7:1: error: Link to `file:\/\/.*secret\.txt` reads a local file.*\[link-file-url\]/);
    expect(text).toMatch(
      /a\.md:9:1: error: (Cannot find image|Image) `\.\.\/secret\.svg`.*\[image-(missing|type)\]|outside the content folder/
    );
    expect(text).toMatch(
      /a\.md:11:1: error: Image `leak\.svg` is outside the content folder; a report is built from its own files \[image-missing\]/
    );
    expect(text).toMatch(/a\.md:13:1: error: Cannot find `\.\.\/secret\.txt` in the report.*\[link-missing\]/);
    expect(text).not.toContain(secretText);
    expect(requests).toEqual([]);
  });
});

describe('a chart block cannot reach outside the report', () => {
  /** A chart block in a chapter of its own, checked: its messages. */
  async function checkChart(name: string, spec: string, setup?: (content: string) => Promise<void>) {
    const content = path.join(work, name);
    await mkdir(content, {recursive: true});
    await writeFile(path.join(content, 'report.yaml'), manifest('a.md'));
    await writeFile(path.join(content, 'a.md'), `# T\n\nText.\n\n\`\`\`chart\n${spec}\n\`\`\`\n`);
    await setup?.(content);
    const stream = captureStream();
    await expect(checkReport(content, {stderr: stream})).rejects.toBeInstanceOf(ContentError);
    return stream.text();
  }
  const chart = (data: string, extra = '') =>
    `description: D\nmark: bar\nencoding: {x: {field: a, type: nominal}}\ndata: ${data}\n${extra}`;

  it('names no URL, file: path, data: URL or file outside the content folder, and reads none of them', async () => {
    const cases: Array<[string, string, RegExp, ((content: string) => Promise<void>)?]> = [
      [
        'http',
        chart(`{url: "${base}/chart-data.csv"}`),
        /a\.md:9:13: error: Chart data `http:.*` is not a file of the report.*\[chart-remote\]/
      ],
      [
        'file',
        chart(`{url: "file://${work}/secret.txt"}`),
        /a\.md:9:13: error: Chart data `file:.*` is not a file of the report.*\[chart-remote\]/
      ],
      [
        'data-url',
        chart('{url: "data:text/csv,a%0A1"}'),
        /a\.md:9:13: error: Chart data `data:.*` is not a file of the report.*\[chart-remote\]/
      ],
      [
        'absolute',
        chart(`{url: "${work}/secret.txt", format: {type: csv}}`),
        /a\.md:9:13: error: Chart data `\/.*` is not a file of the report.*\[chart-remote\]/
      ],
      [
        'up',
        chart('{url: ../secret.txt, format: {type: csv}}'),
        /a\.md:9:13: error: Chart data `\.\.\/secret\.txt` is outside the content folder.*\[chart-data\]/
      ],
      [
        'symlink',
        chart('{url: leak.csv}'),
        /a\.md:9:13: error: Chart data `leak\.csv` is outside the content folder.*\[chart-data\]/,
        (content) => symlink(path.join(work, 'secret.txt'), path.join(content, 'leak.csv'))
      ],
      [
        'lookup',
        chart('{values: [{a: 1}]}', `transform: [{lookup: a, from: {data: {url: "${base}/lookup.csv"}, key: a}}]`),
        /a\.md:10:44: error: Chart data `http:.*` is not a file of the report.*\[chart-remote\]/
      ],
      [
        'href',
        chart('{values: [{a: 1}]}', `mark: {type: bar, href: "${base}/href"}`).replace('mark: bar\n', ''),
        /error: A chart cannot be a link \(`href`\).*\[chart-remote\]/
      ],
      [
        'colour-url',
        chart('{values: [{a: 1, url: "https://example.org/a-column-named-url"}]}').replace(
          'mark: bar',
          `mark: {type: bar, fill: "url(${base}/fill)"}`
        ),
        /a\.md:5:1: error: Chart names a resource in a colour or style \(`url\(http:.*\[chart-remote\]/
      ],
      [
        'image',
        chart('{values: [{a: 1}]}').replace('mark: bar', 'mark: image'),
        /a\.md:7:7: error: A chart cannot draw images.*\[chart-remote\]/
      ],
      [
        'url-channel',
        chart('{values: [{a: 1}]}', `encoding: {x: {field: a, type: nominal}, url: {value: "${base}/img"}}`).replace(
          /encoding: \{x: \{field: a, type: nominal\}\}\n/,
          ''
        ),
        /error: A chart may name a URL only as its data’s `url` \[chart-remote\]/
      ],
      [
        'expression',
        chart('{values: [{a: 1}]}', `transform: [{calculate: "fetch('${base}/expr')", as: b}]`),
        /a\.md:5:1: error: Chart cannot be drawn: .*fetch.*\[chart-spec\]/
      ]
    ];
    for (const [name, spec, expected, setup] of cases)
      expect(await checkChart(`chart-${name}`, spec, setup), name).toMatch(expected);
    expect(requests).toEqual([]);
  });

  it('stops a chart that asks for too much work, with a message at its block', async () => {
    const saved = process.env.FOLIO_CHART_TIMEOUT_MS;
    process.env.FOLIO_CHART_TIMEOUT_MS = '3000';
    try {
      const text = await checkChart(
        'chart-work',
        'description: D\ndata: {sequence: {start: 0, stop: 100000000, as: a}}\nmark: tick\nencoding: {x: {field: a, type: quantitative}}'
      );
      expect(text).toMatch(
        /a\.md:5:1: error: Chart cannot be drawn: it (took longer than 3 s|needed more than 1024 MiB of memory) to render; make it smaller.*\[chart-spec\]/
      );
    } finally {
      if (saved === undefined) delete process.env.FOLIO_CHART_TIMEOUT_MS;
      else process.env.FOLIO_CHART_TIMEOUT_MS = saved;
    }
  });
});

describe('the browser itself refuses what sanitizing would have removed', () => {
  it('runs no JavaScript and serves nothing outside the content, templates and fonts', async () => {
    const content = path.join(work, 'browser-content');
    await mkdir(content, {recursive: true});
    await writeFile(
      path.join(content, 'ok.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    );
    await symlink(path.join(work, 'secret.svg'), path.join(content, 'leak.svg'));
    const assets = new AssetServer(content, defaultTemplatesDir);
    // Unsanitized HTML, as if a bug let it through: the page's own defences must still hold.
    const html = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="${base}/link"><style>@import url('${base}/import'); p { background: url('${base}/css') }</style>
</head><body>
<p>VISIBLE-TEXT</p>
<script>document.write('JS-RAN'); fetch('${base}/script')</script>
<img src="${base}/img"><img srcset="${base}/srcset 2x">
<img src="https://folio.invalid/content/leak.svg"><img src="https://folio.invalid/content/%2e%2e/secret.svg">
<img src="file://${work}/secret.svg"><iframe src="file://${work}/secret.txt"></iframe>
<iframe src="https://folio.invalid/content/../secret.txt"></iframe>
<iframe src="data:text/html,<p>DATA-FRAME</p><img src='${base}/data-frame'>"></iframe>
<iframe src="${base}/iframe"></iframe><object data="${base}/object"></object><embed src="${base}/embed">
<img src="https://folio.invalid/content/ok.svg">
</body></html>`;
    const browser = await launchBrowser();
    let pdf: Uint8Array;
    try {
      pdf = await printHtml(browser, assets, html, {format: 'A4'});
    } finally {
      await closeBrowser(browser);
    }
    const file = path.join(work, 'direct.pdf');
    await writeFile(file, pdf);
    const text = pdfText(file);
    expect(text).toContain('VISIBLE-TEXT');
    for (const marker of ['JS-RAN', 'FETCHED-FROM-NETWORK', secretText, 'DATA-FRAME'])
      expect(text).not.toContain(marker);
    expect(requests).toEqual([]);
    // Remote and file: requests are stopped even earlier, by the document's security policy.
    expect(assets.refused).toEqual(
      expect.arrayContaining(['https://folio.invalid/content/leak.svg', 'https://folio.invalid/secret.svg'])
    );
    expect(assets.refused).not.toContainEqual(expect.stringContaining('content/ok.svg'));
    expect(browser.connected).toBe(false);
  });

  it('holds a part swapped into the page through the DevTools protocol to the same defences', async () => {
    const assets = new AssetServer(path.join(work, 'browser-content'), defaultTemplatesDir);
    const shell = '<!doctype html><html><head><meta charset="utf-8"><title>Shell</title></head><body></body></html>';
    // Unsanitized, as if a bug let it through: innerHTML runs no script, and the page's policy and request filter still apply.
    const body = `<p>PART-TEXT</p><script>document.write('JS-RAN'); fetch('${base}/part-script')</script>
<img src="${base}/part-img" onerror="fetch('${base}/part-onerror')"><img src="https://folio.invalid/content/leak.svg">
<link rel="stylesheet" href="${base}/part-link"><style>@import url('${base}/part-import'); p { background: url('${base}/part-css') }</style>
<iframe src="${base}/part-iframe"></iframe><iframe srcdoc="<img src='${base}/part-srcdoc'>"></iframe><object data="${base}/part-object"></object>
<base href="${base}/part-base/"><img src="relative.png">`;
    // One browser for both prints: the part, then a part with a meta refresh, which navigates the page away.
    const browser = await launchBrowser();
    let pdf: Uint8Array;
    let refreshed: Uint8Array | Error;
    try {
      pdf = await withPartPrinter(browser, assets, shell, (print) => print({body}, {format: 'A4'}));
      const refresh = `<p>REFRESH-PART</p><meta http-equiv="refresh" content="0; url=${base}/part-refresh">`;
      refreshed = await withPartPrinter(browser, assets, shell, (print) =>
        print({body: refresh}, {format: 'A4'})
      ).catch((error: Error) => error);
    } finally {
      await closeBrowser(browser);
    }
    const file = path.join(work, 'part.pdf');
    await writeFile(file, pdf);
    const text = pdfText(file);
    expect(text).toContain('PART-TEXT');
    for (const marker of ['JS-RAN', 'FETCHED-FROM-NETWORK', secretText]) expect(text).not.toContain(marker);
    // The refreshed print fails, or shows no fetched page; either way nothing is fetched.
    if (refreshed instanceof Error) expect(refreshed.message).toMatch(/^print: /);
    else expect(new TextDecoder('latin1').decode(refreshed)).not.toContain('FETCHED-FROM-NETWORK');
    expect(requests).toEqual([]);
  });

  it('lets a meta refresh reach nothing: the print fails or shows no fetched page', async () => {
    const assets = new AssetServer(path.join(work, 'browser-content'), defaultTemplatesDir);
    const browser = await launchBrowser();
    try {
      const html = `<!doctype html><meta http-equiv="refresh" content="0; url=${base}/refresh"><p>REFRESH-PAGE</p>`;
      const pdf = await printHtml(browser, assets, html, {format: 'A4'}).catch((error: Error) => error);
      if (pdf instanceof Error) expect(pdf.message).toMatch(/^print: /);
      else expect(new TextDecoder('latin1').decode(pdf)).not.toContain('FETCHED-FROM-NETWORK');
    } finally {
      await closeBrowser(browser);
    }
    expect(requests).toEqual([]);
  });
});
