import type { SorterResult, SortOrder } from 'antd/es/table/interface';
import { useEffect, useRef, useState } from 'react';

/**
 * A table the server sorts, filters, searches and pages (issue 14: a run's schools, a stored simulation's): the
 * console holds one page, asks for the next whenever the query changes, and never lets an older answer replace a
 * newer one. The run page and the simulation page share this, so both behave alike.
 */

/** What every such table asks for: a sort, a position, and its search and filters. */
export interface ServerQuery<K extends string> {
  sort: K;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
  q?: string | undefined;
}

/**
 * Asks for a page whenever `query` (or `source`) changes; `first` is a page already in hand for the first query (the
 * answer that made the table), so it is not asked for again.
 */
export function useServerPage<Q, P>(source: string, query: Q, load: (query: Q) => Promise<P>, first?: P) {
  const [state, setState] = useState<{ page?: P; error?: unknown; loading: boolean }>(first ? { page: first, loading: false } : { loading: true });
  const [tick, setTick] = useState(0);
  const asked = useRef(0);
  const initial = useRef<{ source: string; query: Q } | undefined>(first ? { source, query } : undefined);
  useEffect(() => {
    // The page the table was made with answers its own first query.
    if (initial.current && initial.current.source === source && initial.current.query === query && tick === 0) return;
    initial.current = undefined;
    const mine = ++asked.current;
    setState((previous) => ({ ...(previous.page ? { page: previous.page } : {}), loading: true }));
    load(query).then(
      (page) => mine === asked.current && setState({ page, loading: false }),
      (error: unknown) => mine === asked.current && setState((previous) => ({ ...(previous.page ? { page: previous.page } : {}), error, loading: false })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, query, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}

/** A column the server sorts: antd shows the query's order on it and hands the click back to `tableChange`. */
export function sortableBy<K extends string>(query: ServerQuery<K>) {
  const order = (key: K): SortOrder => (query.sort === key ? (query.order === 'asc' ? 'ascend' : 'descend') : null);
  // Ascending, descending, ascending again: a server table always has an order, so a third click does not fall back
  // to the default column (which looked like the click sorting some other column).
  return (key: K) => ({ key, sorter: true, sortOrder: order(key), sortDirections: ['ascend', 'descend', 'ascend'] as SortOrder[] });
}

/** The filter antd shows as chosen: the query's value, or nothing. */
export const chosen = (value: string | undefined) => (value ? [value] : null);

type Filters = Record<string, (string | number | boolean | bigint)[] | null>;

/**
 * The next query after antd's table change: another page keeps the order; another sort or filter starts again at the
 * first page. `filterKeys` maps a column's key to the query parameter it filters (one value each); a sort on a column
 * not in `sortable` (or cleared) goes back to `defaultSort`.
 */
export function tableChange<K extends string, Q extends ServerQuery<K>>(
  query: Q,
  change: { pagination: { current?: number }; filters: Filters; sorter: SorterResult<unknown> | SorterResult<unknown>[]; action: string },
  options: { sortable: ReadonlySet<string>; defaultSort: K; filterKeys?: Record<string, keyof Q & string> },
): Q {
  if (change.action === 'paginate') return { ...query, offset: ((change.pagination.current ?? 1) - 1) * query.limit };
  if (change.action === 'sort') {
    const sorted = Array.isArray(change.sorter) ? change.sorter[0] : change.sorter;
    const key = String(sorted?.columnKey ?? '');
    const sort = sorted?.order && options.sortable.has(key) ? (key as K) : options.defaultSort;
    return { ...query, sort, order: sorted?.order === 'descend' ? 'desc' : 'asc', offset: 0 };
  }
  if (change.action === 'filter') {
    const next: Q = { ...query, offset: 0 };
    for (const [column, parameter] of Object.entries(options.filterKeys ?? {})) {
      const value = change.filters[column]?.[0];
      (next as Record<string, unknown>)[parameter] = value === undefined ? undefined : String(value);
    }
    return next;
  }
  return query;
}
