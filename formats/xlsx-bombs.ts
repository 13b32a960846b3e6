/**
 * XLSX "bombs" for tests and bench/xlsx-bombs.ts (never imported by product code): small uploads, a few hundred KB,
 * whose parts inflate to up to the reader's uncompressed limit in shapes that once cost seconds and gigabytes before
 * their refusal (issue 15, finding 2). Parts are produced in chunks, so building one costs little memory.
 */
import { writeZip, type ZipSource } from './zip';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const HEADER = ['school_id', 'school_name', 'school_type', 'ownership', 'major_code', 'class_type', 'students'];
const encoder = new TextEncoder();

/** `unit` repeated until about `bytes`, in chunks of about 1 MB. */
function* repeated(unit: string, bytes: number, prefix = '', suffix = ''): Iterable<Uint8Array> {
  yield encoder.encode(prefix);
  const chunk = encoder.encode(unit.repeat(Math.max(1, Math.floor((1 << 20) / unit.length))));
  for (let written = 0; written < bytes; written += chunk.length) yield chunk;
  yield encoder.encode(suffix);
}

const text = (value: string) => () => [encoder.encode(value)];
const headerRow = `<row r="1">${HEADER.map((name) => `<c t="inlineStr"><is><t>${name}</t></is></c>`).join('')}</row>`;
const dataRow = (n: number) => `<row r="${n}"><c t="inlineStr"><is><t>S${n}</t></is></c><c t="inlineStr"><is><t>学校</t></is></c><c t="inlineStr"><is><t>技师学院</t></is></c><c t="inlineStr"><is><t>公办</t></is></c><c t="inlineStr"><is><t>0101</t></is></c><c t="inlineStr"><is><t>中级工班</t></is></c><c><v>10</v></c></row>`;

/** A one-sheet package around the given worksheet, shared strings, styles and extra parts. */
function workbook(parts: { sheet: () => Iterable<Uint8Array>; sharedStrings?: () => Iterable<Uint8Array>; styles?: () => Iterable<Uint8Array>; extra?: ZipSource[] }): Promise<Uint8Array> {
  return writeZip([
    { name: '[Content_Types].xml', content: text('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: '_rels/.rels', content: text(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    { name: 'xl/workbook.xml', content: text(`<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheets><sheet name="在校生" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    {
      name: 'xl/_rels/workbook.xml.rels',
      content: text(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="rIdS" Type="${RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdY" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/sharedStrings.xml', content: parts.sharedStrings ?? text(`<sst xmlns="${MAIN}"/>`) },
    { name: 'xl/styles.xml', content: parts.styles ?? text(`<styleSheet xmlns="${MAIN}"><cellXfs><xf numFmtId="0"/></cellXfs></styleSheet>`) },
    { name: 'xl/worksheets/sheet1.xml', content: parts.sheet },
    ...(parts.extra ?? []),
  ]);
}

const sheetOf = (rows: string) => text(`<worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`);

/** The bombs by name, each inflating to about `bytes` (default 190 MB, just under the 200 MB limit). */
export const XLSX_BOMBS: Record<string, (bytes?: number) => Promise<Uint8Array>> = {
  /** Millions of tiny shared strings: held as an array of strings, they took ~1 GB. */
  'shared-strings': (bytes = 190 << 20) => workbook({ sheet: sheetOf(headerRow + dataRow(2)), sharedStrings: () => repeated('<si><t>a</t></si>', bytes, `<sst xmlns="${MAIN}">`, '</sst>') }),
  /** One header row of millions of cells: a header map of millions of columns. */
  'wide-row': (bytes = 190 << 20) => workbook({ sheet: () => repeated('<c t="inlineStr"><is><t>h</t></is></c>', bytes, `<worksheet xmlns="${MAIN}"><sheetData><row r="1">`, '</row></sheetData></worksheet>') }),
  /** Megabytes before the cell table: the head was concatenated again with every chunk (quadratic). */
  'sheet-head': (bytes = 190 << 20) => workbook({ sheet: () => repeated('<col min="1" max="1" width="9"/>', bytes, `<worksheet xmlns="${MAIN}"><cols>`, `</cols><sheetData>${headerRow}${dataRow(2)}</sheetData></worksheet>`) }),
  /** One cell of nearly 200 MB of text: held whole, then copied as text twice. */
  'giant-cell': (bytes = 190 << 20) => workbook({ sheet: () => repeated('x', bytes, `<worksheet xmlns="${MAIN}"><sheetData>${headerRow}<row r="2"><c t="inlineStr"><is><t>`, '</t></is></c></row></sheetData></worksheet>') }),
  /** Millions of merged ranges after the cell table. */
  'merged-cells': (bytes = 190 << 20) => workbook({ sheet: () => repeated('<mergeCell ref="A2:G1000000"/>', bytes, `<worksheet xmlns="${MAIN}"><sheetData>${headerRow}${dataRow(2)}</sheetData><mergeCells>`, '</mergeCells></worksheet>') }),
  /** Millions of cell styles. */
  styles: (bytes = 190 << 20) => workbook({ sheet: sheetOf(headerRow + dataRow(2)), styles: () => repeated('<xf numFmtId="0"/>', bytes, `<styleSheet xmlns="${MAIN}"><cellXfs>`, '</cellXfs></styleSheet>') }),
  /** An extra part nobody reads, inflated all the same to check it. */
  'unread-part': (bytes = 190 << 20) => workbook({ sheet: sheetOf(headerRow + dataRow(2)), extra: [{ name: 'xl/media/padding.bin', content: () => repeated('\0', bytes) }] }),
  /** Rows that repeat one row number, each missing six values: the row limit counted numbers, and six problems a row piled up. */
  'same-row': (bytes = 190 << 20) => workbook({ sheet: () => repeated('<row r="2"><c><v>1</v></c></row>', bytes, `<worksheet xmlns="${MAIN}"><sheetData>${headerRow}`, '</sheetData></worksheet>') }),
};
