import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { enrollmentNormalizer, type EnrollmentNormalizer, type NormalizedColumns } from '../domain/enrollment-normalizer';
import { csvChunkReader } from './csv-stream';
import type { CellSink, RawTable } from './raw-table';

/**
 * Clean rows read from their bytes (csv-clean-rows.ts) against every row read as cells by `addCells`: the same
 * columns to the dictionary id (so each new text got its id in the same order), the same problems, the same table.
 */
async function readColumns(bytes: Uint8Array, sizes: number[], byBytes: boolean, maxRows = 10_000): Promise<{ table: unknown; normalized?: NormalizedColumns }> {
  let normalizer: EnrollmentNormalizer | undefined;
  let refused: unknown;
  const sink: CellSink = (headers, columns) => {
    const made = enrollmentNormalizer(headers, columns, { expectedLines: 4 });
    if (!('add' in made)) {
      refused = made;
      normalizer = undefined;
      return () => false;
    }
    normalizer = made;
    const receive = (row: number, cells: readonly string[]) => made.addCells(row, cells);
    return byBytes ? Object.assign(receive, { clean: made.clean }) : receive;
  };
  for (let encoding: 'utf-8' | 'gb18030' | undefined; ; ) {
    const reader = csvChunkReader(sink, { maxRows, ...(encoding ? { encoding } : {}) });
    let outcome: RawTable | { notPlain: string } | { restartAs: 'gb18030' } | undefined;
    for (let at = 0, i = 0; at < bytes.length && !outcome; i++) {
      const size = sizes[i % sizes.length]!;
      const taken = reader.push(bytes.slice(at, at + size));
      if (typeof taken === 'object') outcome = taken;
      at += size;
    }
    outcome ??= reader.end();
    if ('restartAs' in outcome) {
      encoding = outcome.restartAs;
      continue;
    }
    return { table: outcome, ...(normalizer ? { normalized: normalizer.finishColumns() } : refused ? { normalized: refused as NormalizedColumns } : {}) };
  }
}

const FIELDS = [
  ['学校代码', 'school_id'],
  ['学校名称', 'school_name'],
  ['学校类型', 'school_type'],
  ['办学性质', 'ownership'],
  ['地市', 'city'],
  ['专业代码', 'major_code'],
  ['班级类型', 'class_type'],
  ['在校生数', 'students'],
] as const;
/** Mostly clean cells, repeated as a school's lines repeat them, and the texts a careless file has. */
const CELLS: Record<(typeof FIELDS)[number][1], string[]> = {
  school_id: ['2303001', '2303001', '2303002', 'S1', '02303001', ' S1', '', 'X'.repeat(65), 'S\t1'],
  school_name: ['甲校', '甲校', '乙校', '哈尔滨市第一技师学院（黑龙江省高级技工学校）附属技工学校分校区', '甲校 ', '', '名'.repeat(201)],
  school_type: ['技工学校', '技工学校', '技师学院', '高级技工学校', 'technical_school', ' 技工学校', '大学', ''],
  ownership: ['公办', '公办', '民办', 'public', 'Private', '国有', ''],
  city: ['哈尔滨', '哈尔滨', '大庆', '', ' 大庆', '城'.repeat(201)],
  major_code: ['0101', '0101', '0102', '0103', '0201', '101', '0101 ', '', '9'.repeat(65), '01.01'],
  class_type: ['中级工班', '高级工班', '预备技师班', '技师班', 'senior', 'Intermediate', ' 技师班', '博士班', ''],
  students: ['28', '5', '0', '5.5', '12.25', '9999999', '10000000', '10000001', '007', '00', '5.50', '5.0', '5.', '.5', '1.234', '-1', ' 7', '7 ', 'abc', '１２', '', '1e3', '99999999'],
};

const layout = fc.record({
  order: fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7], { minLength: 7, maxLength: 8 }).filter((fields) => fields.filter((f) => f !== 4).length === 7),
  english: fc.boolean(),
  delimiter: fc.constantFrom(',', ';', '\t'),
  extra: fc.constantFrom('', '备注', '学校代码'),
});

describe('clean rows read from their bytes', () => {
  it('give the columns, dictionary and problems addCells gives for every row', async () => {
    let clean = 0;
    await fc.assert(
      fc.asyncProperty(
        layout,
        fc.array(fc.tuple(fc.array(fc.nat(40), { minLength: 8, maxLength: 8 }), fc.constantFrom(0, 0, 0, 0, -1, 1, 2)), { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('utf8', 'gbk', 'bom'),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(10_000, 10_000, 10_000, 5),
        fc.boolean(),
        async ({ order, english, delimiter, extra }, rows, lineBreak, encoding, sizes, maxRows, runs) => {
          const header = [...order.map((f) => FIELDS[f]![english ? 1 : 0]), ...(extra ? [extra] : [])];
          // Most cells are the first (clean) ones of their field; a row may lose a cell or carry one or two more. With
          // `runs`, the first five columns mostly repeat the row above, as a school's lines do (csv-clean-rows.ts then
          // compares them as one block), and change now and then, to a clean cell or not.
          let above: number[] = [];
          const lines = rows.map(([picks, width]) => {
            if (runs) picks = picks.map((pick, k) => (k < 5 && above[k] !== undefined && pick % 7 !== 0 ? above[k]! : pick));
            above = picks;
            const cells = order.map((f, k) => {
              const choices = CELLS[FIELDS[f]![1]];
              const pick = picks[k]! % 12 < 9 ? picks[k]! % 3 : picks[k]!;
              return choices[pick % choices.length]!;
            });
            if (extra) cells.push('x');
            if (width < 0) cells.pop();
            for (let more = 0; more < width; more++) cells.push(more ? '' : 'y');
            return cells.join(delimiter);
          });
          const text = [header.join(delimiter), ...lines].join(lineBreak) + lineBreak;
          const bytes = encoding === 'gbk' ? new Uint8Array(iconv.encode(text, 'gbk')) : new TextEncoder().encode(encoding === 'bom' ? `\uFEFF${text}` : text);
          const byBytes = await readColumns(bytes, sizes, true, maxRows);
          expect(byBytes).toEqual(await readColumns(bytes, sizes, false, maxRows));
          if (byBytes.normalized?.columns.length) clean++;
        },
      ),
      { numRuns: Number(process.env.CLEAN_ROWS_RUNS ?? 1500) },
    );
    expect(clean).toBeGreaterThan(100);
  });

  it('reads a national shape as addCells does', async () => {
    const classTypes = ['中级工班', '高级工班', '预备技师班', '技师班'];
    const rows = Array.from({ length: 6000 }, (_, i) => {
      const school = Math.floor(i / 200);
      return [`23${String(school).padStart(5, '0')}`, `第${school}技工学校`, '技工学校', school % 3 ? '公办' : '民办', '哈尔滨', `0${100 + (Math.floor(i / 4) % 50)}`, classTypes[i % 4], `${(i * 7919) % 500}${i % 9 ? '' : '.5'}`].join(',');
    });
    const bytes = new TextEncoder().encode(`${FIELDS.map(([zh]) => zh).join(',')}\r\n${rows.join('\r\n')}\r\n`);
    const byBytes = await readColumns(bytes, [65_536], true);
    expect(byBytes).toEqual(await readColumns(bytes, [65_536], false));
    expect(byBytes.normalized?.columns.length).toBe(6000);
    // Past the row limit no row is read, from its bytes or as cells: no text of it is in the dictionary.
    const limited = await readColumns(bytes, [65_536], true, 1000);
    expect(limited).toEqual(await readColumns(bytes, [65_536], false, 1000));
    expect(limited.normalized?.columns.texts).not.toContain('2300005');
  });
});
