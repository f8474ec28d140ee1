/** d3-format's and d3-time-format's locale definitions, as Vega's `locale` option takes them. */
export interface ChartLocale {
  number: {
    decimal: string;
    thousands: string;
    grouping: number[];
    currency: [string, string];
    minus: string;
    numerals?: string[];
  };
  time: {
    dateTime: string;
    date: string;
    time: string;
    periods: [string, string];
    days: string[];
    shortDays: string[];
    months: string[];
    shortMonths: string[];
  };
}

const arabicIndicDigits = [...'٠١٢٣٤٥٦٧٨٩'];

/**
 * How a chart writes numbers and dates in `language`, with `digits`: taken from the platform's
 * CLDR data (Intl), so that every language Node knows has its separators, month and day names
 * without a table of Folio's own. Times are read in UTC (see render-in-worker.ts).
 */
export function chartLocale(language: string, digits: 'latn' | 'arab' = 'latn'): ChartLocale {
  // Separators follow the digits: Arabic-Indic digits take the Arabic decimal and thousands signs.
  const numbers = new Intl.NumberFormat(language, {numberingSystem: digits, useGrouping: true});
  const parts = numbers.formatToParts(-1234567.5);
  const part = (type: string, fallback: string) => parts.find((entry) => entry.type === type)?.value ?? fallback;
  const groups = parts.filter((entry) => entry.type === 'integer').map((entry) => entry.value.length);
  // 1,234,567 gives [1, 3, 3]; 12,34,567 (Indian grouping) gives [2, 2, 3]: d3 lists them from the right.
  const grouping = [...new Set(groups.slice(1).reverse())];
  const names = (options: Intl.DateTimeFormatOptions, dates: Date[]) => {
    const format = new Intl.DateTimeFormat(language, {...options, timeZone: 'UTC', numberingSystem: 'latn'});
    return dates.map((date) => format.format(date));
  };
  const months = Array.from({length: 12}, (_, month) => new Date(Date.UTC(2021, month, 1)));
  // 3 January 2021 was a Sunday: d3 starts the week on Sunday.
  const days = Array.from({length: 7}, (_, day) => new Date(Date.UTC(2021, 0, 3 + day)));
  const periods = names({hour: 'numeric', hour12: true}, [
    new Date(Date.UTC(2021, 0, 1, 9)),
    new Date(Date.UTC(2021, 0, 1, 21))
  ]).map((text) => text.replace(/[\d\s\u202f]/g, '') || (text.includes('9') ? 'AM' : 'PM')) as [string, string];
  return {
    number: {
      decimal: part('decimal', '.'),
      thousands: part('group', ','),
      grouping: grouping.length > 0 ? grouping : [3],
      currency: ['', ''],
      // A true minus sign where the language's is the hyphen-minus, as d3 writes it by default.
      minus: part('minusSign', '-').replace('-', '\u2212'),
      ...(digits === 'arab' ? {numerals: arabicIndicDigits} : {})
    },
    time: {
      dateTime: '%x, %X',
      date: datePattern(language),
      time: '%H:%M:%S',
      periods,
      days: names({weekday: 'long'}, days),
      shortDays: names({weekday: 'short'}, days),
      months: names({month: 'long'}, months),
      shortMonths: names({month: 'short'}, months)
    }
  };
}

/** The language's short numeric date, as a d3 pattern: 31/12/2021 becomes `%d/%m/%Y`. */
function datePattern(language: string): string {
  const format = new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: 'UTC',
    numberingSystem: 'latn'
  });
  const fields: Record<string, string> = {year: '%Y', month: '%m', day: '%d'};
  return format
    .formatToParts(new Date(Date.UTC(2021, 11, 31)))
    .map((entry) => fields[entry.type] ?? entry.value.replaceAll('%', '%%'))
    .join('');
}
