import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitPlainCsv } from './read-csv';

const csvParse = (text: string, delimiter: string, maxRows: number) =>
  parse(text, { delimiter, relax_quotes: true, relax_column_count: true, to: maxRows }) as string[][];

describe('splitPlainCsv', () => {
  it('splits quote-free text exactly as csv-parse does, or leaves it to csv-parse', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '7', ' ', ',', ';', '\t', '\n', '\r', '\r\n', '中', '\uFEFF'), maxLength: 60 });
    fc.assert(
      fc.property(text, fc.constantFrom(',', ';', '\t'), fc.integer({ min: 1, max: 8 }), (input, delimiter, maxRows) => {
        const fast = splitPlainCsv(input, delimiter, maxRows);
        if (fast !== undefined) expect(fast).toEqual(csvParse(input, delimiter, maxRows));
      }),
      { numRuns: 5000 },
    );
  });

  it('takes the usual files (one line-break kind, no quotes) and leaves quoted or mixed ones to csv-parse', () => {
    expect(splitPlainCsv('学校代码,在校生数\r\n2301001,120\r\n', ',', 10)).toEqual([['学校代码', '在校生数'], ['2301001', '120']]);
    expect(splitPlainCsv('a,b\n\nc\n', ',', 10)).toEqual([['a', 'b'], [''], ['c']]);
    expect(splitPlainCsv('a,"b,c"\n', ',', 10)).toBeUndefined();
    expect(splitPlainCsv('a,b\nc\r\nd', ',', 10)).toBeUndefined();
  });
});
