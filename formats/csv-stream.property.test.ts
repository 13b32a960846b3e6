import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readEnrollment, readEnrollmentPieces } from './enrollment-reader';

/**
 * The bytes in pieces of the given sizes (cycled), as a file read chunk by chunk gives them. With `reuse`, every piece
 * is read into the same memory, which is scribbled over once the reader has had it (as the CLI reads a file).
 */
function inPieces(bytes: Uint8Array, sizes: number[], reuse = false): () => AsyncIterable<Uint8Array> {
  return async function* () {
    const shared = new Uint8Array(Math.max(...sizes));
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const size = sizes[i % sizes.length]!;
      const piece = bytes.subarray(at, at + size);
      if (reuse) {
        shared.set(piece);
        yield shared.subarray(0, piece.length);
        shared.fill(0x2c);
      } else yield piece;
      at += size;
    }
  };
}

const HEADER = ['学校代码,学校名称,学校类型,办学性质,专业代码,班级类型,在校生数', 'school_id;school_name;school_type;ownership;major_code;class_type;students'];
const cell = fc.constantFrom('S1', 'S2', '甲校', '乙校 ', '技工学校', '技师学院', '公办', '民办', '0101', '0102', '中级工班', '高级工班', '12', '3.5', '-1', '', ' ', '\uFEFF', '\u0000', '"', 'x"y');
// Counts read from their digits by the clean-row reader (csv-clean-rows.ts), and the texts it leaves to addCells.
const count = fc.constantFrom('12', '3.5', '0', '12.25', '9999999', '007', '5.50', '5.0', '10000000', '10000001');
const validRow = fc.tuple(fc.constantFrom('S1', 'S2', 'S3'), fc.constantFrom('甲校', '乙校', '哈尔滨市第一技师学院（黑龙江省高级技工学校）附属技工学校分校区'), fc.constantFrom('技工学校', '技师学院'), fc.constantFrom('公办', '民办'), fc.constantFrom('0101', '0102', '0201'), fc.constantFrom('中级工班', '高级工班', '预备技师班', '技师班', 'senior'), count);
const row = fc.oneof({ arbitrary: validRow.map((cells) => [...cells]), weight: 4 }, { arbitrary: fc.array(cell, { minLength: 0, maxLength: 9 }), weight: 1 });

describe('readEnrollmentPieces', () => {
  it('reads a file in pieces exactly as readEnrollment reads it whole, or says it must be read whole', async () => {
    let withLines = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...HEADER),
        fc.array(row, { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.constantFrom('utf8', 'gbk', 'bom'),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(undefined, 1, 1 << 20),
        async (header, rows, lineBreak, finalBreak, encoding, sizes, blankFirst, reuse, fileBytes) => {
          const delimiter = header.includes(';') ? ';' : ',';
          const lines = [...(blankFirst ? [''] : []), header, ...rows.map((cells) => cells.join(delimiter))];
          const text = lines.join(lineBreak) + (finalBreak ? lineBreak : '');
          const bytes = encoding === 'gbk' ? new Uint8Array(iconv.encode(text, 'gbk')) : new TextEncoder().encode(encoding === 'bom' ? `\uFEFF${text}` : text);
          // fileBytes sizes the columns the lines are gathered in: far too small, or far too large, changes nothing.
          const streamed = await readEnrollmentPieces(inPieces(bytes, sizes, reuse), fileBytes === undefined ? {} : { fileBytes });
          if ('notPlain' in streamed) {
            expect(/"|\r(?!\n)|\u0000/.test(text) || (lineBreak === '\r\n' && /\n/.test(text.replaceAll('\r\n', '')))).toBe(true);
            return;
          }
          const whole = await readEnrollment(bytes, { format: 'csv' });
          expect(streamed).toEqual({ ...whole, format: 'csv' });
          if (whole.lines.length) withLines++;
        },
      ),
      { numRuns: Number(process.env.CSV_STREAM_RUNS ?? 3000) },
    );
    // Most files compared yield lines, not only problems.
    expect(withLines).toBeGreaterThan(500);
  });

  it('calls a file binary for a NUL byte after a header it could not use, as the whole-file reader does', async () => {
    // The property's counterexample (seed 1836097577): the header fails first in pieces, the NUL comes rows later.
    const row = 'S1;甲校;技工学校;公办;0101;中级工班;12';
    const bytes = new TextEncoder().encode(['', HEADER[1], row, row, 'S1', row, row, row, row, row, 'S1', '\u0000'].join('\n'));
    const whole = await readEnrollment(bytes, { format: 'csv' });
    expect(whole.problems.map((problem) => problem.code)).toEqual(['csv_binary']);
    expect(await readEnrollmentPieces(inPieces(bytes, [1]))).toEqual({ ...whole, format: 'csv' });
  });

  it('calls a file binary for a NUL byte in the piece whose first row ended the table', async () => {
    // The property's counterexample (seed 1448821872): the tenth row near the top settles the header, which lacks its
    // columns; the piece that completes that row also holds the last row, a NUL byte.
    const row = 'S1;甲校;技工学校;公办;0101;中级工班;12';
    const bytes = new TextEncoder().encode(['', HEADER[1], row, row, row, 'S1', row, row, row, row, row, '\u0000'].join('\n'));
    const whole = await readEnrollment(bytes, { format: 'csv' });
    expect(whole.problems.map((problem) => problem.code)).toEqual(['csv_binary']);
    expect(await readEnrollmentPieces(inPieces(bytes, [2]))).toEqual({ ...whole, format: 'csv' });
  });

  it('sends a file to be read whole for a quote after a header it could not use', async () => {
    // The property's counterexample (seed 1633466464): the stream refused the header, the whole-file reader refuses
    // the unclosed quote in row 12 first. The stream must not answer for the whole file then.
    const row = 'S1;甲校;技工学校;公办;0101;中级工班;12';
    const bytes = new TextEncoder().encode(['', HEADER[1], row, row, row, 'S1', 'S1', row, row, row, row, '"'].join('\n'));
    const whole = await readEnrollment(bytes, { format: 'csv' });
    expect(whole.problems.map((problem) => problem.code)).toEqual(['csv_unparseable_near']);
    expect(await readEnrollmentPieces(inPieces(bytes, [1]))).toEqual({ notPlain: 'csv_not_plain_quoted' });
    // A NUL byte still makes it binary, quote or not, as the whole-file reader says.
    const binary = new TextEncoder().encode(['', HEADER[1], row, row, row, 'S1', 'S1', row, row, row, row, '"', '\u0000'].join('\n'));
    expect((await readEnrollment(binary, { format: 'csv' })).problems.map((problem) => problem.code)).toEqual(['csv_binary']);
    expect(await readEnrollmentPieces(inPieces(binary, [1]))).toEqual({ ...(await readEnrollment(binary, { format: 'csv' })), format: 'csv' });
  });

  it('reads a national-sized file in pieces as it reads it whole', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `S${i % 300},学校${i % 300},技工学校,公办,01${String(i % 7).padStart(2, '0')},${i % 2 ? '中级工班' : '高级工班'},${i % 97}`);
    const bytes = new TextEncoder().encode(`\uFEFF${HEADER[0]}\r\n${rows.join('\r\n')}\r\n`);
    const whole = await readEnrollment(bytes, { format: 'csv' });
    expect(await readEnrollmentPieces(inPieces(bytes, [65_536, 1_000_003]))).toEqual(whole);
    expect(await readEnrollmentPieces(inPieces(bytes, [4096, 999], true), { fileBytes: bytes.length })).toEqual(whole);
    expect(whole.lines.length).toBeGreaterThan(1000);
  });

  it('stops reading rows past the limit, and still hashes the whole file', async () => {
    const bytes = new TextEncoder().encode(`${HEADER[0]}\nS1,甲校,技工学校,公办,0101,中级工班,1\nS1,甲校,技工学校,公办,0102,中级工班,1\n`);
    const outcome = await readEnrollmentPieces(inPieces(bytes, [7]), { maxRows: 1 });
    expect(outcome).toMatchObject({ lines: [], problems: [{ row: 0, reason: 'too_large' }], hash: (await readEnrollment(bytes)).hash });
  });
});
