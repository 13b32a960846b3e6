import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { plainCsvByteRows, plainCsvRows, type CsvRows } from './csv-rows';
import { decodeText } from './read-csv';

/** Every row's cells, as csv-parse returns them. */
// Copied: a row's cells may be given in an array that the next row reuses.
const allCells = (rows: CsvRows | undefined) => rows && Array.from({ length: rows.length }, (_, index) => [...rows.cells(index)]);
const splitPlainCsv = (text: string, delimiter: string, maxRows: number) => allCells(plainCsvRows(text, delimiter, maxRows));

const csvParse = (text: string, delimiter: string, maxRows: number) =>
  parse(text, { delimiter, relax_quotes: true, relax_column_count: true, to: maxRows }) as string[][];

describe('plainCsvRows', () => {
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

describe('plainCsvByteRows', () => {
  it('gives the rows plainCsvRows gives for the decoded text, from UTF-8 and from GBK bytes', () => {
    // Only characters GBK can encode, so both encodings carry the same text.
    const text = fc.string({ unit: fc.constantFrom('a', '7', ' ', ',', ';', '\t', '\n', '\r', '\r\n', '中', '学', '"', '\uFF0C'), maxLength: 60 });
    fc.assert(
      fc.property(text, fc.constantFrom(',', ';', '\t'), fc.integer({ min: 1, max: 8 }), (input, delimiter, maxRows) => {
        const expected = splitPlainCsv(input, delimiter, maxRows);
        expect(allCells(plainCsvByteRows(new TextEncoder().encode(input), 'utf-8', delimiter, maxRows))).toEqual(expected);
        expect(allCells(plainCsvByteRows(new Uint8Array(iconv.encode(input, 'gbk')), 'gb18030', delimiter, maxRows))).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('decodeText', () => {
  // Decoding moved from iconv-lite to Node's TextDecoder('gb18030'); for text that Chinese Excel/WPS can save they agree.
  // "哈" (B9 FE) first: a byte 0xFE is never UTF-8, so the text is taken as GB18030, not as UTF-8 that happens to decode.
  it('decodes GBK and GB18030 text exactly as iconv-lite did', () => {
    const gbkText = fc.string({ unit: fc.constantFrom('学', '校', '技', '师', '哈', '尔', '滨', '鑫', '€', '・', '，', 'A', '7', ',', '\r\n', ' ', '（', '）'), minLength: 1, maxLength: 40 });
    const anyText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(gbkText.map((text) => iconv.encode(`哈${text}`, 'gbk')), anyText.map((text) => iconv.encode(`哈${text}`, 'gb18030'))), (bytes) => {
        const decoded = decodeText(new Uint8Array(bytes));
        expect(decoded.encoding).toBe('gb18030');
        expect(decoded.text).toBe(iconv.decode(bytes, 'gb18030'));
      }),
      { numRuns: 2000 },
    );
  });

  it('turns bytes that are not GB18030 into U+FFFD instead of failing', () => {
    expect(decodeText(new Uint8Array([0xd1, 0xa7, 0xff, 0x81]))).toEqual({ text: '学\uFFFD\uFFFD', encoding: 'gb18030' });
  });
});
