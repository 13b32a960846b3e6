import { columnLetters } from './xlsx-sheet';
import { escapeXml, stripXmlIllegal } from './xml-text';
import { writeZip, type ZipSource } from './zip';

/**
 * A minimal SpreadsheetML package (what Excel, WPS and LibreOffice need and nothing else): workbook, one worksheet
 * part per sheet, shared strings, and a style sheet with a bold header font and the columns' number formats. The
 * worksheets are generated row by row straight into the compressor.
 */

export type XlsxCellValue = string | number | boolean | null | undefined;

export interface WorkbookColumn {
  header: string;
  width: number;
  /** Excel number format for every cell of the column; General when absent. */
  numFmt?: string;
}

export interface WorkbookSheet {
  /** A valid, unique sheet name (at most 31 characters, none of []:*?/\). */
  name: string;
  columns: WorkbookColumn[];
  rows: Iterable<readonly XlsxCellValue[]>;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** Cell style indexes (cellXfs) in styles.xml: 0 is Excel's default, 1 the bold header, then one per number format. */
const HEADER_STYLE = 1;
const FIRST_FORMAT_STYLE = 2;
/** Custom number formats are numbered from 164; lower ids are Excel's built-in ones. */
const FIRST_CUSTOM_FORMAT_ID = 164;

/** Worksheet XML is handed to the compressor in pieces of about this many characters. */
const PIECE_CHARS = 1 << 18;

const encoder = new TextEncoder();
const attribute = (text: string) => escapeXml(stripXmlIllegal(text));

/** Leading or trailing whitespace, or line breaks and tabs, are kept only with xml:space="preserve". */
const NEEDS_PRESERVE = /^\s|\s$|[\n\t]/;

class SharedStrings {
  readonly indexes = new Map<string, number>();
  references = 0;

  indexOf(text: string): number {
    this.references++;
    let index = this.indexes.get(text);
    if (index === undefined) this.indexes.set(text, (index = this.indexes.size));
    return index;
  }

  *xml(): Generator<Uint8Array> {
    let xml = `${XML_DECLARATION}<sst xmlns="${MAIN}" count="${this.references}" uniqueCount="${this.indexes.size}">`;
    for (const text of this.indexes.keys()) {
      xml += NEEDS_PRESERVE.test(text) ? `<si><t xml:space="preserve">${escapeXml(text)}</t></si>` : `<si><t>${escapeXml(text)}</t></si>`;
      if (xml.length > PIECE_CHARS) {
        yield encoder.encode(xml);
        xml = '';
      }
    }
    yield encoder.encode(`${xml}</sst>`);
  }
}

const letters: string[] = [];
const letterOf = (index: number) => (letters[index] ??= columnLetters(index + 1));

function* worksheetXml(sheet: WorkbookSheet, selected: boolean, styleOfFormat: Map<string, number>, strings: SharedStrings): Generator<Uint8Array> {
  const columnStyles = sheet.columns.map((column) => (column.numFmt ? styleOfFormat.get(column.numFmt)! : 0));
  const cols = sheet.columns
    .map((column, i) => `<col min="${i + 1}" max="${i + 1}" width="${column.width}" customWidth="1"${columnStyles[i] ? ` style="${columnStyles[i]}"` : ''}/>`)
    .join('');
  let xml =
    `${XML_DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">` +
    // The header row stays in view while scrolling: a pane frozen below row 1.
    `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">` +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>' +
    '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>' +
    (cols ? `<cols>${cols}</cols>` : '') +
    '<sheetData><row r="1">';
  sheet.columns.forEach((column, i) => {
    xml += `<c r="${letterOf(i)}1" s="${HEADER_STYLE}" t="s"><v>${strings.indexOf(column.header)}</v></c>`;
  });
  xml += '</row>';
  let rowNumber = 1;
  for (const row of sheet.rows) {
    rowNumber++;
    xml += `<row r="${rowNumber}">`;
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (value === null || value === undefined || value === '') continue;
      const style = columnStyles[i] ? ` s="${columnStyles[i]}"` : '';
      const reference = `${letterOf(i)}${rowNumber}`;
      if (typeof value === 'number' && Number.isFinite(value)) xml += `<c r="${reference}"${style}><v>${value}</v></c>`;
      else if (typeof value === 'boolean') xml += `<c r="${reference}"${style} t="b"><v>${value ? 1 : 0}</v></c>`;
      else xml += `<c r="${reference}"${style} t="s"><v>${strings.indexOf(String(value))}</v></c>`;
    }
    xml += '</row>';
    if (xml.length > PIECE_CHARS) {
      yield encoder.encode(xml);
      xml = '';
    }
  }
  yield encoder.encode(`${xml}</sheetData></worksheet>`);
}

function stylesXml(formats: string[]): string {
  const numFmts = formats.map((code, i) => `<numFmt numFmtId="${FIRST_CUSTOM_FORMAT_ID + i}" formatCode="${attribute(code)}"/>`).join('');
  const formatXfs = formats.map((_, i) => `<xf numFmtId="${FIRST_CUSTOM_FORMAT_ID + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`).join('');
  const font = (bold: boolean) => `<font>${bold ? '<b/>' : ''}<sz val="11"/><name val="Calibri"/><family val="2"/></font>`;
  return (
    `${XML_DECLARATION}<styleSheet xmlns="${MAIN}">` +
    (formats.length ? `<numFmts count="${formats.length}">${numFmts}</numFmts>` : '') +
    `<fonts count="2">${font(false)}${font(true)}</fonts>` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${FIRST_FORMAT_STYLE + formats.length}">` +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
    `${formatXfs}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>'
  );
}

const part = (xml: string) => () => [encoder.encode(xml)];

/** The workbook as XLSX bytes; equal input gives equal bytes (no timestamps anywhere, fixed ones in the zip). */
export function writeXlsx(sheets: WorkbookSheet[]): Promise<Uint8Array> {
  const formats = [...new Set(sheets.flatMap((sheet) => sheet.columns.flatMap((column) => (column.numFmt ? [column.numFmt] : []))))];
  const styleOfFormat = new Map(formats.map((code, i) => [code, FIRST_FORMAT_STYLE + i]));
  const strings = new SharedStrings();
  const sheetPath = (i: number) => `xl/worksheets/sheet${i + 1}.xml`;
  const stylesId = `rId${sheets.length + 1}`;
  const sharedStringsId = `rId${sheets.length + 2}`;

  const contentTypes =
    `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${CONTENT_TYPE}.sheet.main+xml"/>` +
    sheets.map((_, i) => `<Override PartName="/${sheetPath(i)}" ContentType="${CONTENT_TYPE}.worksheet+xml"/>`).join('') +
    `<Override PartName="/xl/styles.xml" ContentType="${CONTENT_TYPE}.styles+xml"/>` +
    `<Override PartName="/xl/sharedStrings.xml" ContentType="${CONTENT_TYPE}.sharedStrings+xml"/>` +
    '</Types>';
  const packageRelationships =
    `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">` +
    `<Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbook =
    `${XML_DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>` +
    sheets.map((sheet, i) => `<sheet name="${attribute(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
    '</sheets></workbook>';
  const workbookRelationships =
    `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">` +
    sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
    `<Relationship Id="${stylesId}" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/>` +
    `<Relationship Id="${sharedStringsId}" Type="${RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>` +
    '</Relationships>';

  const sources: ZipSource[] = [
    { name: '[Content_Types].xml', content: part(contentTypes) },
    { name: '_rels/.rels', content: part(packageRelationships) },
    { name: 'xl/workbook.xml', content: part(workbook) },
    { name: 'xl/_rels/workbook.xml.rels', content: part(workbookRelationships) },
    { name: 'xl/styles.xml', content: part(stylesXml(formats)) },
    ...sheets.map((sheet, i) => ({ name: sheetPath(i), content: () => worksheetXml(sheet, i === 0, styleOfFormat, strings) })),
    // Last: the shared strings are known only once every sheet has been written.
    { name: 'xl/sharedStrings.xml', content: () => strings.xml() },
  ];
  return writeZip(sources);
}
