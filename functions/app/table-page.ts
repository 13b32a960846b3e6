import { Decimal } from '../../domain/decimal';
import { compareCodePoints } from '../../domain/fixed';
import { sha256 } from '../../domain/hash';
import { decodeCursor, encodeCursor, InvalidCursorError } from '../store/ops';

/**
 * Server-side tables over immutable rows (a complete run's schools, a computed result): sorted exactly, filtered,
 * searched, and cut into pages by offset. The cursor is the next offset bound to the query it belongs to, so a
 * cursor from another sort or search is refused (400 invalid_cursor) rather than answered with the wrong rows.
 */

/** How each column sorts: text in code-point order, or an exact decimal (money and counts, never floats). */
export type SortColumns<T> = Record<string, { text: (row: T) => string } | { decimal: (row: T) => string }>;

export interface TableQuery {
  sort: string;
  order: 'asc' | 'desc';
  cursor?: string | undefined;
  offset?: number | undefined;
  limit: number;
}

/** Rows sorted ascending by one column, ties by `idOf` ascending; descending is the same list read backwards. */
export function sortRows<T>(rows: readonly T[], column: SortColumns<T>[string], idOf: (row: T) => string): T[] {
  if ('text' in column) {
    const keyed = rows.map((row) => ({ row, key: column.text(row), id: idOf(row) }));
    keyed.sort((a, b) => compareCodePoints(a.key, b.key) || compareCodePoints(a.id, b.id));
    return keyed.map((entry) => entry.row);
  }
  // Parsed once per row, not once per comparison.
  const keyed = rows.map((row) => ({ row, key: new Decimal(column.decimal(row)), id: idOf(row) }));
  keyed.sort((a, b) => a.key.comparedTo(b.key) || compareCodePoints(a.id, b.id));
  return keyed.map((entry) => entry.row);
}

/**
 * Sorted orders of one set of rows, made once per column and kept with the rows (a complete run never changes):
 * a sort, a page or a search is then a walk over an array, not a sort of 3,000 decimals per request.
 */
export class SortedRows<T> {
  private readonly orders = new Map<string, T[]>();
  constructor(
    readonly rows: readonly T[],
    private readonly columns: SortColumns<T>,
    private readonly idOf: (row: T) => string,
  ) {}

  ascending(sort: string): T[] {
    let order = this.orders.get(sort);
    if (!order) this.orders.set(sort, (order = sortRows(this.rows, this.columns[sort]!, this.idOf)));
    return order;
  }
}

/** The fingerprint a cursor carries: what was asked besides the position. */
function queryKey(query: object): string {
  const { cursor: _c, offset: _o, limit: _l, ...rest } = query as Record<string, unknown>;
  return sha256(JSON.stringify(Object.entries(rest).filter(([, value]) => value !== undefined).sort(([a], [b]) => compareCodePoints(a, b)))).slice(0, 16);
}

/** Where the page starts: the cursor's offset (for the same query only), else `offset`, else the beginning. */
export function startOf(query: TableQuery & object): number {
  if (query.cursor === undefined) return query.offset ?? 0;
  const decoded = decodeCursor(query.cursor);
  if (typeof decoded.o !== 'number' || !Number.isInteger(decoded.o) || decoded.o < 0 || decoded.q !== queryKey(query)) throw new InvalidCursorError();
  return decoded.o;
}

/** The cursor of the page after [start, start + limit) when rows remain. */
export function nextCursor(query: TableQuery & object, start: number, total: number): string | undefined {
  const next = start + query.limit;
  return next < total ? encodeCursor({ o: next, q: queryKey(query) }) : undefined;
}

/** Rows matching `keep`, in the query's order, and the page of them the query asks for. */
export function pageOfRows<T>(sorted: SortedRows<T>, query: TableQuery & object, keep?: (row: T) => boolean) {
  const ascending = sorted.ascending(query.sort);
  const ordered = query.order === 'desc' ? [...ascending].reverse() : ascending;
  const matching = keep ? ordered.filter(keep) : ordered;
  const start = startOf(query);
  return { matching, start, items: matching.slice(start, start + query.limit), cursor: nextCursor(query, start, matching.length) };
}
