import { Alert, Input, Space, Table } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import { listRunSchools, type RunSchoolSortKey, type RunSchoolsPage, type RunSchoolsQuery, type RunSummary, type SchoolSummary } from '../../api/endpoints';
import { ErrorAlert } from '../../components/ErrorAlert';
import { chosen, sortableBy, tableChange, useServerPage } from '../../components/serverTable';
import { ownershipLabel, schoolTypeLabel } from '../../components/labels';
import { useText } from '../../components/useText';
import { compareDecimals, formatAmount, formatCount } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { statementHref } from '../attribution/RunAttributionCard';
import { protectionColumns } from '../planning/Protection';

const PAGE_SIZE = 50;
type Query = Required<Pick<RunSchoolsQuery, 'sort' | 'order' | 'offset' | 'limit'>> & Pick<RunSchoolsQuery, 'q' | 'city' | 'type' | 'bound'>;
const FIRST: Query = { sort: 'schoolId', order: 'asc', offset: 0, limit: PAGE_SIZE };
const SORTABLE = new Set<string>(['schoolId', 'schoolName', 'city', 'schoolType', 'students', 'entitlement', 'allocation', 'bound'] satisfies RunSchoolSortKey[]);

/**
 * The run's schools as the server sorts, filters, searches and pages them (GET /runs/{id}/schools): a national run
 * has 3,000 schools, which the page never loads at once. The totals row sums every school that matches, not only
 * the page shown; with nothing filtered it must equal the run's total allocation, which is checked.
 */
export function RunSchoolsTable({ runId, summary }: { runId: string; summary: RunSummary | undefined }) {
  const { t, lang } = useI18n();
  const text = useText();
  const [query, setQuery] = useState<Query>(FIRST);
  const [search, setSearch] = useState('');
  const { page, error, loading, reload } = useServerPage<Query, RunSchoolsPage>(runId, query, (asked) => listRunSchools(runId, asked));
  const filtered = Boolean(query.q || query.city || query.type || query.bound);

  const columns = useMemo<ColumnsType<SchoolSummary>>(() => {
    const sortable = sortableBy<RunSchoolSortKey>(query);
    const only = chosen;
    const money = (value: string) => <span className="amount">{formatAmount(value)}</span>;
    const protection = summary?.protection
      ? protectionColumns(t).map((column) =>
          // The bound column filters and sorts on the server like the others (the page holds one page of schools).
          column.key === 'bound' ? { ...column, onFilter: undefined, ...sortable('bound'), filterMultiple: false, filteredValue: only(query.bound) } : column,
        )
      : [];
    return [
      {
        title: t('schoolId'),
        dataIndex: 'schoolId',
        ...sortable('schoolId'),
        // Finance reads every school's statement, line by line.
        render: (schoolId: string) => (
          <a href={statementHref(runId, schoolId, undefined)} data-testid={`statement-link-${schoolId}`}>
            {schoolId}
          </a>
        ),
      },
      { title: t('schoolName'), dataIndex: 'schoolName', ...sortable('schoolName') },
      {
        title: t('city'),
        dataIndex: 'city',
        ...sortable('city'),
        filters: (page?.facets.cities ?? []).map((city) => ({ text: city, value: city })),
        filterMultiple: false,
        filteredValue: only(query.city),
      },
      {
        title: t('schoolType'),
        dataIndex: 'schoolType',
        ...sortable('schoolType'),
        render: (value: string) => schoolTypeLabel(value, lang),
        filters: (page?.facets.schoolTypes ?? []).map((type) => ({ text: schoolTypeLabel(type, lang), value: type })),
        filterMultiple: false,
        filteredValue: only(query.type),
      },
      { title: t('ownership'), dataIndex: 'ownership', key: 'ownership', render: (value: string) => ownershipLabel(value, lang) },
      { title: t('students'), dataIndex: 'students', align: 'right', ...sortable('students'), render: formatCount },
      { title: t('entitlement'), dataIndex: 'entitlement', align: 'right', ...sortable('entitlement'), render: money },
      { title: t('allocation'), dataIndex: 'allocation', align: 'right', ...sortable('allocation'), render: money },
      ...protection,
    ];
  }, [query, page?.facets, summary?.protection, runId, t, lang]);

  const onChange = (pagination: { current?: number }, filters: Record<string, (string | number | boolean | bigint)[] | null>, sorter: SorterResult<SchoolSummary> | SorterResult<SchoolSummary>[], extra: { action: string }) =>
    setQuery(tableChange<RunSchoolSortKey, Query>(query, { pagination, filters, sorter: sorter as SorterResult<unknown>, action: extra.action }, { sortable: SORTABLE, defaultSort: 'schoolId', filterKeys: { city: 'city', schoolType: 'type', bound: 'bound' } }));

  const totals = page?.totals;
  // With nothing filtered the server's sum over every school must be the run's own total (a lost school shows here).
  const totalsDisagree = !filtered && totals && summary && compareDecimals(totals.allocation, summary.totalAllocation) !== 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.Search
        data-testid="schools-search"
        aria-label={text('run_schools_search')}
        placeholder={text('run_schools_search')}
        allowClear
        enterButton
        style={{ maxWidth: 420 }}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onSearch={(value) => setQuery({ ...query, q: value.trim() || undefined, offset: 0 })}
      />
      {error !== undefined && <ErrorAlert error={error} onRetry={reload} />}
      {totalsDisagree && <Alert type="warning" showIcon title={`Σ ${formatAmount(totals.allocation)} ≠ ${formatAmount(summary.totalAllocation)}`} />}
      {/* The test id on a wrapper: antd puts a table's own attributes inside its pagination's parent. */}
      <div data-testid="schools-table">
        <Table<SchoolSummary>
          rowKey="schoolId"
          size="middle"
          // Only an answer slower than a blink dims the table: most pages come in tens of milliseconds, and painting the
          // blurred overlay over 50 rows and back cost more than the answer itself (software compositing).
          loading={{ spinning: loading, delay: 250 }}
          dataSource={page?.items ?? []}
          columns={columns}
          pagination={{ current: Math.floor(query.offset / query.limit) + 1, pageSize: query.limit, total: page?.total ?? 0, showSizeChanger: false, hideOnSinglePage: true }}
          onChange={onChange}
          summary={() =>
            totals && (
              <Table.Summary fixed>
                <Table.Summary.Row className="totals-row" data-testid="totals-row">
                  <Table.Summary.Cell index={0} colSpan={5}>
                    <span data-testid="schools-count">{text(filtered ? 'run_schools_filtered' : 'run_schools_total', { count: page.total })}</span>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={5} align="right">
                    {formatCount(totals.students)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={6} align="right">
                    <span className="amount">{formatAmount(totals.entitlement)}</span>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={7} align="right">
                    <span className="amount" data-testid="total-allocation">
                      {formatAmount(totals.allocation)}
                    </span>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              </Table.Summary>
            )
          }
        />
      </div>
    </Space>
  );
}
