import { nameOf, type Names } from '../messages/enums';
import type { Lang } from '../messages/types';
import type { TableCell, XlsxColumn } from './tables';

/** Spreadsheet headings and enumeration values, in the export's language (Chinese by default). */
export type { Lang } from '../messages/types';

/** Exact entitlements may carry more than fen; show up to 8 decimals while keeping at least 2. */
export const EXACT_MONEY_FORMAT = '#,##0.00######';

/** One column of an export: its heading in both languages, how to read the cell, and how it looks in XLSX. */
export interface Column<T> {
  zh: string;
  en: string;
  value: (item: T, lang: Lang) => TableCell;
  numeric?: boolean;
  numFmt?: string;
  width?: number;
}

/** An enumeration value as a word of the export's language (messages/enums.ts). */
export const label = <K extends string>(names: Names<K>, key: K, lang: Lang) => nameOf(names as Names<string>, key, lang);

export const headersOf = <T>(columns: Column<T>[], lang: Lang) => columns.map((column) => column[lang]);

export const rowsOf = <T>(columns: Column<T>[], items: T[], lang: Lang) => items.map((item) => columns.map((column) => column.value(item, lang)));

type ColumnLook = Pick<Column<never>, 'zh' | 'en' | 'numeric' | 'numFmt' | 'width'>;
export const xlsxColumns = (columns: ColumnLook[], lang: Lang): XlsxColumn[] =>
  columns.map((c) => ({ header: c[lang], ...(c.numeric ? { numeric: true } : {}), ...(c.numFmt ? { numFmt: c.numFmt } : {}), ...(c.width ? { width: c.width } : {}) }));
