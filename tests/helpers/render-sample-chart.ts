// Renders a chart with dates and times as a build does (on a chart worker thread) and prints its
// SVG: tests/charts.test.ts runs it in processes in different time zones and compares the bytes.
import {chartLocale} from '../../src/charts/chart-locale.js';
import {loadChartTheme} from '../../src/charts/chart-theme.js';
import {ChartRenderer} from '../../src/charts/render-in-worker.js';
import {fontFiles} from '../../src/fonts/shipped-fonts.js';
import {defaultTemplatesDir} from '../../src/project-paths.js';

const spec = {
  data: {
    values: [
      {event: 'Law signed', date: '2020-05'},
      {event: 'Conviction', date: '2020-06-22'},
      {event: 'Death after detention', date: '2020-10-17T23:30'}
    ]
  },
  mark: 'point',
  encoding: {
    y: {field: 'event', type: 'nominal'},
    x: {field: 'date', type: 'temporal', axis: {format: '%d %b %H:%M'}}
  }
};
const renderer = new ChartRenderer(fontFiles(defaultTemplatesDir));
try {
  process.stdout.write(
    await renderer.render({
      spec,
      theme: loadChartTheme(defaultTemplatesDir),
      locale: chartLocale('en'),
      idPrefix: 'tz'
    })
  );
} finally {
  await renderer.close();
}
