import { resolveHeaders, rowProblem, type RawRecord, type RowProblem } from '../domain/enrollment';
import { decodeText } from './read-csv';
import { failedTable, MAX_ROWS, tooManyRows, type RawTable } from './raw-table';

/** JSON enrolment: an array of objects, or { "lines": [...] }; keys as CSV headers; row = 1-based index. */
export function readJson(bytes: Uint8Array): RawTable {
  const { text } = decodeText(bytes);
  if (text.trim() === '') return failedTable('file_empty');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return failedTable('json_invalid');
  }
  const items = Array.isArray(document)
    ? document
    : document && typeof document === 'object' && Array.isArray((document as { lines?: unknown }).lines)
      ? ((document as { lines: unknown[] }).lines)
      : undefined;
  if (!items) return failedTable('json_not_lines');
  if (items.length > MAX_ROWS) return tooManyRows();

  const headers = new Set<string>();
  const records: RawRecord[] = [];
  const problems: RowProblem[] = [];
  items.forEach((item, index) => {
    const row = index + 1;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push(rowProblem(row, 'ragged_row', 'json_line_not_object'));
      return;
    }
    // Each object names its own keys, so programs may mix spellings (学校代码 / school_id) line by line.
    const fieldOfKey = new Map([...resolveHeaders(Object.keys(item)).columns].map(([field, key]) => [key, field as string]));
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(item)) {
      const name = fieldOfKey.get(key) ?? key;
      headers.add(name);
      // Nested values are not cells; showing them as JSON makes the resulting error readable.
      values[name] = value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
    }
    records.push({ row, values });
  });
  return { headers: [...headers], records, problems };
}
