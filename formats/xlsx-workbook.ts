import { attributesOf, startTags, stringItemText } from './xml-text';
import { MAX_CELL_BYTES, MAX_CELL_STYLES, MAX_HELD_PART_BYTES, MAX_SHARED_STRING_CHARACTERS, MAX_SHARED_STRINGS, XlsxLimitError } from './xlsx-limits';
import { readZipEntry, streamZipEntry, ZipError, type ZipEntry } from './zip';

/**
 * The parts of an XLSX package that say how to read a worksheet: which zip entry each sheet is (workbook.xml and
 * its relationships), the shared strings, and for each cell style whether numbers are dates or zero-padded codes.
 */
export interface Workbook {
  /** In the workbook's tab order. */
  sheets: { name: string; entry: ZipEntry }[];
  sharedStrings: string[];
  /** By cell style index (a cell's `s` attribute). */
  styles: CellStyle[];
  /** The 1904 date system (old Mac workbooks): serial 0 is 1904-01-01 instead of 1899-12-30. */
  date1904: boolean;
  /**
   * The workbook asks to be recalculated when it is opened (calcPr fullCalcOnLoad): a program wrote its formulas
   * without computing them, so no stored formula result can be trusted.
   */
  recalcOnLoad: boolean;
}

export interface CellStyle {
  isDate: boolean;
  /** Digits a whole number is padded to ("0000" → 4); 0 when the format does not pad. */
  zeroPadding: number;
}

const GENERAL: CellStyle = { isDate: false, zeroPadding: 0 };

/**
 * Built-in number formats that show a date or time: 14–22 and 45–47 everywhere, 27–36 and 50–58 in Chinese,
 * Japanese and Korean Excel (e.g. 31 is yyyy"年"m"月"d"日"), which writes them without spelling out the format.
 */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A format shows a date or time when it has y, m, d, h or s outside quoted text, [..] sections and escapes. */
export function isDateFormat(code: string): boolean {
  const codes = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/[\\_*]./g, '');
  return /[ymdhs]/i.test(codes);
}

export function cellStyleOf(numFmtId: number, customFormats: Map<number, string>): CellStyle {
  const code = customFormats.get(numFmtId) ?? (numFmtId === 1 ? '0' : undefined);
  if (code === undefined) return BUILT_IN_DATE_FORMATS.has(numFmtId) ? { isDate: true, zeroPadding: 0 } : GENERAL;
  if (isDateFormat(code)) return { isDate: true, zeroPadding: 0 };
  const plain = code.replace(/\\(.)/g, '$1');
  return { isDate: false, zeroPadding: /^0+$/.test(plain) ? plain.length : 0 };
}

/** Zip entries by part name; tolerates a leading slash and differently cased names, as Excel does. */
class Parts {
  private readonly lowerCase = new Map<string, ZipEntry>();
  constructor(private readonly entries: Map<string, ZipEntry>) {
    for (const [name, entry] of entries) this.lowerCase.set(name.toLowerCase(), entry);
  }

  entry(path: string): ZipEntry | undefined {
    const name = path.replace(/^\/+/, '');
    return this.entries.get(name) ?? this.lowerCase.get(name.toLowerCase());
  }

  /** A part read whole; only small parts are (MAX_HELD_PART_BYTES), the worksheet and shared strings stream. */
  async text(path: string): Promise<string | undefined> {
    const entry = this.entry(path);
    if (!entry) return undefined;
    if (entry.uncompressedSize > MAX_HELD_PART_BYTES) throw new XlsxLimitError('xlsx_part_too_large', { part: entry.name, megabytes: Math.round(entry.uncompressedSize / 2 ** 20) });
    return (await readZipEntry(entry)).toString('utf8');
  }

  /** A part streamed in chunks (see streamZipEntry); false when there is none. */
  async stream(path: string, onChunk: (chunk: Buffer) => void): Promise<boolean> {
    const entry = this.entry(path);
    if (!entry) return false;
    await streamZipEntry(entry, onChunk);
    return true;
  }
}

interface Relationship {
  type: string;
  target: string;
}

/** Relationship targets are relative to the part that owns them, unless absolute. */
function resolveTarget(ownerPath: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const segments = ownerPath.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

async function relationshipsOf(parts: Parts, ownerPath: string): Promise<Map<string, Relationship>> {
  const slash = ownerPath.lastIndexOf('/');
  const relsPath = `${ownerPath.slice(0, slash + 1)}_rels/${ownerPath.slice(slash + 1)}.rels`;
  const relationships = new Map<string, Relationship>();
  for (const tag of startTags((await parts.text(relsPath)) ?? '', 'Relationship')) {
    const attributes = attributesOf(tag);
    const id = attributes.get('Id');
    const target = attributes.get('Target');
    if (id && target && attributes.get('TargetMode') !== 'External') {
      relationships.set(id, { type: attributes.get('Type') ?? '', target: resolveTarget(ownerPath, target) });
    }
  }
  return relationships;
}

const isType = (relationship: Relationship, kind: string) => relationship.type.endsWith(`/${kind}`);

/** The first element `name` (any prefix) and its content, or undefined. */
function section(xml: string, name: string): string | undefined {
  const match = new RegExp(`<(?:[\\w.-]+:)?${name}(?=[\\s>])[^>]*>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}>`).exec(xml);
  return match?.[1];
}

const SHARED_STRING_ITEM = /<(?:[\w.-]+:)?si(?:\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?si>)/g;
/** The end of a shared-string item: `</si>` or an empty `<si/>`, with any namespace prefix. */
const ITEM_END = /<\/(?:[\w.-]+:)?si>|<(?:[\w.-]+:)?si\s*\/>/g;

/**
 * The shared strings, read as their part streams by: items are decoded chunk by chunk (each cut after its last
 * complete item), so the part's XML is never held whole, and the count and characters kept are bounded.
 */
class SharedStringsReader {
  readonly strings: string[] = [];
  private characters = 0;
  private carry: Buffer | undefined;

  take(chunk: Buffer): void {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const latin1 = data.toString('latin1');
    let cut = -1;
    ITEM_END.lastIndex = 0;
    for (let match; (match = ITEM_END.exec(latin1)); ) cut = ITEM_END.lastIndex;
    if (cut < 0) {
      this.carry = data;
      if (data.length > MAX_CELL_BYTES) throw new XlsxLimitError('xlsx_shared_string_too_long', { maximum: MAX_CELL_BYTES / 1024 });
      return;
    }
    // The cut is right after a ">", so no UTF-8 character is split.
    this.items(data.toString('utf8', 0, cut));
    this.carry = cut < data.length ? data.subarray(cut) : undefined;
  }

  private items(xml: string): void {
    SHARED_STRING_ITEM.lastIndex = 0;
    for (let match; (match = SHARED_STRING_ITEM.exec(xml)); ) {
      const text = match[1] ? stringItemText(match[1]) : '';
      this.characters += text.length;
      if (this.strings.length >= MAX_SHARED_STRINGS || this.characters > MAX_SHARED_STRING_CHARACTERS) {
        throw new XlsxLimitError('xlsx_too_many_shared_strings', { texts: MAX_SHARED_STRINGS, characters: MAX_SHARED_STRING_CHARACTERS / 2 ** 20 });
      }
      this.strings.push(text);
    }
  }
}

function readStyles(xml: string): CellStyle[] {
  const customFormats = new Map<number, string>();
  for (const tag of startTags(section(xml, 'numFmts') ?? '', 'numFmt')) {
    const attributes = attributesOf(tag);
    const id = Number(attributes.get('numFmtId'));
    const code = attributes.get('formatCode');
    if (Number.isInteger(id) && code !== undefined) customFormats.set(id, code);
  }
  const styles: CellStyle[] = [];
  for (const tag of startTags(section(xml, 'cellXfs') ?? '', 'xf')) {
    if (styles.length >= MAX_CELL_STYLES) throw new XlsxLimitError('xlsx_too_many_styles', { maximum: MAX_CELL_STYLES });
    styles.push(cellStyleOf(Number(attributesOf(tag).get('numFmtId') ?? 0) || 0, customFormats));
  }
  return styles;
}

/** Reads the package's structure; throws ZipError with a message for the uploader when it is not a workbook. */
export async function readWorkbook(entries: Map<string, ZipEntry>): Promise<Workbook> {
  const parts = new Parts(entries);
  const packageRelationships = await relationshipsOf(parts, '');
  const officeDocument = [...packageRelationships.values()].find((relationship) => isType(relationship, 'officeDocument'));
  const workbookPath = officeDocument?.target ?? 'xl/workbook.xml';
  const workbookXml = await parts.text(workbookPath);
  if (workbookXml === undefined) throw new ZipError('xlsx_no_workbook');

  const relationships = await relationshipsOf(parts, workbookPath);
  const sheets: Workbook['sheets'] = [];
  for (const tag of startTags(section(workbookXml, 'sheets') ?? '', 'sheet')) {
    const attributes = attributesOf(tag);
    const id = [...attributes].find(([key]) => key === 'id' || key.endsWith(':id'))?.[1];
    const relationship = id === undefined ? undefined : relationships.get(id);
    const entry = relationship && isType(relationship, 'worksheet') ? parts.entry(relationship.target) : undefined;
    // Chart sheets and dialog sheets have no cells; a worksheet whose part is missing is a broken file.
    if (relationship && isType(relationship, 'worksheet') && !entry) throw new ZipError('xlsx_sheet_part_missing', { part: relationship.target });
    if (entry) sheets.push({ name: attributes.get('name') ?? '', entry });
  }

  const pathOf = (kind: string, fallback: string) => [...relationships.values()].find((candidate) => isType(candidate, kind))?.target ?? fallback;
  const sharedStrings = new SharedStringsReader();
  await parts.stream(pathOf('sharedStrings', 'xl/sharedStrings.xml'), (chunk) => sharedStrings.take(chunk));
  const stylesXml = await parts.text(pathOf('styles', 'xl/styles.xml'));
  const workbookProperties = [...startTags(workbookXml, 'workbookPr')][0];
  const date1904 = workbookProperties !== undefined && /^(1|true)$/.test(attributesOf(workbookProperties).get('date1904') ?? '');
  const calculation = [...startTags(workbookXml, 'calcPr')][0];
  const recalcOnLoad = calculation !== undefined && /^(1|true)$/.test(attributesOf(calculation).get('fullCalcOnLoad') ?? '');
  return {
    sheets,
    sharedStrings: sharedStrings.strings,
    styles: stylesXml === undefined ? [] : readStyles(stylesXml),
    date1904,
    recalcOnLoad,
  };
}
