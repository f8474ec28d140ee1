/** A chart's data as a table a screen reader can read: headers, and each row's cells as text. */
export interface ChartTable {
  columns: Array<{title: string; numeric: boolean}>;
  rows: string[][];
}

const plainNumber = /^-?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;

/** The encoding channels whose fields make the table's columns, in the order a reader expects them. */
const channelOrder = [
  'x',
  'y',
  'theta',
  'radius',
  'color',
  'size',
  'shape',
  'column',
  'row',
  'facet',
  'text',
  'x2',
  'y2',
  'detail',
  'tooltip'
];

interface FieldDefinition {
  field?: unknown;
  title?: unknown;
  type?: unknown;
}

/**
 * The data table behind a chart: one column per encoded field (headed by the channel's `title`,
 * else the field's name), one row per data row, with numbers written in the edition's language
 * and digits and dates spelt out; a chart that encodes no field shows every column of its data.
 */
export function chartTable(
  spec: Record<string, unknown>,
  rows: ReadonlyArray<Record<string, unknown>>,
  language: string,
  digits: 'latn' | 'arab'
): ChartTable {
  const definitions = encodedFields(spec);
  const fields =
    definitions.length > 0
      ? definitions
      : [...new Set(rows.flatMap((row) => Object.keys(row)))].map((field) => ({field, title: field, temporal: false}));
  const numbers = new Intl.NumberFormat(language, {numberingSystem: digits, maximumFractionDigits: 6});
  // A CSV's cells are text: a cell written as a plain number is a number, anything else (a date) stays text.
  const number = (value: unknown) =>
    typeof value === 'number'
      ? value
      : typeof value === 'string' && plainNumber.test(value.trim())
        ? Number(value)
        : undefined;
  const numeric = fields.map(
    ({field, temporal}) =>
      !temporal &&
      rows.length > 0 &&
      rows.every((row) => row[field] == null || row[field] === '' || number(row[field]) !== undefined)
  );
  return {
    columns: fields.map(({title}, index) => ({title, numeric: numeric[index]!})),
    rows: rows.map((row) =>
      fields.map(({field, temporal}, index) => {
        const value = row[field];
        if (value == null) return '';
        if (temporal) return spelledDate(value, language, digits) ?? String(value);
        if (numeric[index]) return value === '' ? '' : numbers.format(number(value)!);
        return String(value);
      })
    )
  };
}

/** The encoded fields, categories (and dates) before measures, each group in channel order: a table reads from what to how much. */
function encodedFields(spec: Record<string, unknown>): Array<{field: string; title: string; temporal: boolean}> {
  const encoding = (spec.encoding ??
    (spec.layer as Array<{encoding?: unknown}> | undefined)?.[0]?.encoding ??
    {}) as Record<string, FieldDefinition | FieldDefinition[]>;
  const seen = new Set<string>();
  const channels = Object.keys(encoding).sort((a, b) => rank(a) - rank(b));
  const fields = channels.flatMap((channel) =>
    [encoding[channel]!].flat().flatMap((definition) => {
      if (typeof definition?.field !== 'string' || seen.has(definition.field)) return [];
      seen.add(definition.field);
      const title = typeof definition.title === 'string' ? definition.title : definition.field;
      return [
        {
          field: definition.field,
          title,
          temporal: definition.type === 'temporal',
          measure: definition.type === 'quantitative'
        }
      ];
    })
  );
  return [...fields.filter((field) => !field.measure), ...fields.filter((field) => field.measure)];
}

function rank(channel: string): number {
  const index = channelOrder.indexOf(channel);
  return index === -1 ? channelOrder.length : index;
}

/** `2020`, `2020-05` and `2020-05-17` as the language writes a year, a month and a day. */
function spelledDate(value: unknown, language: string, digits: 'latn' | 'arab'): string | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(String(value));
  if (!match) return undefined;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month ?? 1) - 1, Number(day ?? 1)));
  const options: Intl.DateTimeFormatOptions = {year: 'numeric', timeZone: 'UTC', numberingSystem: digits};
  if (month) options.month = 'long';
  if (day) options.day = 'numeric';
  return new Intl.DateTimeFormat(language, options).format(date);
}
