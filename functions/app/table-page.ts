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

/** What a school table's rows have in common: what a search, the city and type filters and the facets read. */
export interface SchoolTableRow {
  schoolId: string;
  schoolName: string;
  schoolType: string;
  city?: string | undefined;
}

/** `?q&city&type` of a school table (contract/common.ts schoolTableQuery). */
export interface SchoolFilter {
  q?: string | undefined;
  city?: string | undefined;
  type?: string | undefined;
}

/** Part of the code or the name, case-insensitive (what a person types to find a school), and the city and type. */
export function schoolMatcher<T extends SchoolTableRow>(filter: SchoolFilter): ((row: T) => boolean) | undefined {
  const needle = filter.q?.toLowerCase();
  if (!needle && filter.city === undefined && filter.type === undefined) return undefined;
  return (row) =>
    (filter.city === undefined || row.city === filter.city) &&
    (filter.type === undefined || row.schoolType === filter.type) &&
    (!needle || row.schoolId.toLowerCase().includes(needle) || row.schoolName.toLowerCase().includes(needle));
}

/** Both filters, or the one there is. */
export function bothOf<T>(a: ((row: T) => boolean) | undefined, b: ((row: T) => boolean) | undefined): ((row: T) => boolean) | undefined {
  return a && b ? (row: T) => a(row) && b(row) : (a ?? b);
}

/** The distinct cities and school types of a table, for its filters. */
export function schoolFacets(rows: readonly SchoolTableRow[]) {
  const distinct = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))].sort(compareCodePoints);
  return { cities: distinct(rows.map((s) => s.city)), schoolTypes: distinct(rows.map((s) => s.schoolType)) };
}

/** An exact sum with as many decimals as the most precise figure summed (allocations keep their fen: "3.30"). */
export function exactSum<T>(rows: readonly T[], pick: (row: T) => string): string {
  let places = 0;
  const total = rows.reduce((sum, row) => {
    const figure = pick(row);
    places = Math.max(places, figure.includes('.') ? figure.length - figure.indexOf('.') - 1 : 0);
    return sum.plus(figure);
  }, new Decimal(0));
  return total.toFixed(places);
}

/** The part of a school table's answer every table shares: the page, where it is, and the whole table's facets. */
export function schoolTableAnswer<T>(page: ReturnType<typeof pageOfRows<T>>, query: TableQuery, facets: ReturnType<typeof schoolFacets>) {
  return {
    items: page.items,
    total: page.matching.length,
    offset: page.start,
    limit: query.limit,
    sort: query.sort,
    order: query.order,
    ...(page.cursor ? { cursor: page.cursor } : {}),
    facets,
  };
}
