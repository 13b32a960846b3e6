import { Input, Space, Table, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { useMemo, useState, type ReactNode } from 'react';
import { EFFECT_CODES, EFFECTS, type Effect } from '../../../../domain/attribution-types';
import {
  FIRST_SIMULATION_PAGE,
  listSimulationSchools,
  type SimulationSchoolRow,
  type SimulationSchoolSortKey,
  type SimulationSchoolsPage,
  type SimulationSchoolsQuery,
} from '../../api/attribution';
import { ErrorAlert } from '../../components/ErrorAlert';
import { schoolTypeLabel } from '../../components/labels';
import { chosen, sortableBy, tableChange, useServerPage } from '../../components/serverTable';
import { useText } from '../../components/useText';
import { formatAmount, formatSignedPercent } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { Delta } from './Delta';

type Query = Required<Pick<SimulationSchoolsQuery, 'sort' | 'order' | 'offset' | 'limit'>> & Pick<SimulationSchoolsQuery, 'q' | 'city' | 'type'>;
const SCROLL = { x: 'max-content' } as const;
const SORTABLE = new Set<string>(['schoolId', 'schoolName', 'city', 'schoolType', 'baseAllocation', 'newAllocation', 'change', 'changePercent', ...EFFECTS] satisfies SimulationSchoolSortKey[]);

/**
 * A kept simulation's schools as the server sorts, filters, searches and pages them (GET /simulations/{id}/schools):
 * a national simulation has 3,000 schools, which the page never loads at once. The first page came with the
 * simulation itself; a row opens that school's lines (`expand`).
 */
export function SimulatedSchoolsTable({ first, effects, expand }: { first: SimulationSchoolsPage; effects: readonly Effect[]; expand: (school: SimulationSchoolRow) => ReactNode }) {
  const { t, lang } = useI18n();
  const text = useText();
  const initial = useMemo<Query>(() => ({ ...FIRST_SIMULATION_PAGE, offset: 0 }), []);
  const [query, setQuery] = useState<Query>(initial);
  const [search, setSearch] = useState('');
  const { page, error, loading, reload } = useServerPage<Query, SimulationSchoolsPage>(first.simulationId, query, (asked) => listSimulationSchools(first.simulationId, asked), first);
  const filtered = Boolean(query.q || query.city || query.type);

  const columns = useMemo<ColumnsType<SimulationSchoolRow>>(() => {
    const sortable = sortableBy<SimulationSchoolSortKey>(query);
    const money = (value: string) => <span className="amount">{formatAmount(value)}</span>;
    return [
      { title: t('schoolId'), dataIndex: 'schoolId', width: 110, ...sortable('schoolId') },
      { title: t('schoolName'), dataIndex: 'schoolName', width: 200, ...sortable('schoolName') },
      { title: t('city'), dataIndex: 'city', ...sortable('city'), filters: (page?.facets.cities ?? []).map((city) => ({ text: city, value: city })), filterMultiple: false, filteredValue: chosen(query.city) },
      {
        title: t('schoolType'),
        dataIndex: 'schoolType',
        ...sortable('schoolType'),
        render: (value: string) => schoolTypeLabel(value, lang),
        filters: (page?.facets.schoolTypes ?? []).map((type) => ({ text: schoolTypeLabel(type, lang), value: type })),
        filterMultiple: false,
        filteredValue: chosen(query.type),
      },
      { title: t('baseAllocation'), dataIndex: 'baseAllocation', align: 'right', ...sortable('baseAllocation'), render: money },
      { title: t('candidateAllocation'), dataIndex: 'newAllocation', align: 'right', ...sortable('newAllocation'), render: money },
      { title: t('delta'), dataIndex: 'change', align: 'right', ...sortable('change'), render: (v: string) => <Delta value={v} /> },
      { title: t('deltaPercent'), dataIndex: 'changePercent', align: 'right', ...sortable('changePercent'), render: (v: string | null) => (v === null ? '—' : formatSignedPercent(v)) },
      ...effects.map((effect) => ({
        title: text('attribution_view_col_effect', { name: text(EFFECT_CODES[effect]) }),
        align: 'right' as const,
        ...sortable(effect),
        render: (_: unknown, s: SimulationSchoolRow) => <Delta value={s.effects[effect]} testId={`sim-effect-${effect}`} />,
      })),
    ];
  }, [query, page?.facets, effects, t, text, lang]);

  const expandable = useMemo(() => ({ rowExpandable: (s: SimulationSchoolRow) => s.lineCount > 0 || s.effects.protection !== '0' || s.effects.envelope !== '0', expandedRowRender: expand }), [expand]);

  const onChange = (pagination: { current?: number }, filters: Record<string, (string | number | boolean | bigint)[] | null>, sorter: SorterResult<SimulationSchoolRow> | SorterResult<SimulationSchoolRow>[], extra: { action: string }) =>
    setQuery(tableChange<SimulationSchoolSortKey, Query>(query, { pagination, filters, sorter: sorter as SorterResult<unknown>, action: extra.action }, { sortable: SORTABLE, defaultSort: 'change', filterKeys: { city: 'city', schoolType: 'type' } }));

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.Search
        data-testid="simulation-attribution-search"
        aria-label={text('sim_schools_search')}
        placeholder={text('sim_schools_search')}
        allowClear
        style={{ width: 300 }}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onSearch={(value) => setQuery({ ...query, q: value.trim() || undefined, offset: 0 })}
      />
      {error !== undefined && <ErrorAlert error={error} onRetry={reload} />}
      <Typography.Text type="secondary" data-testid="simulation-schools-count">
        {page && text(filtered ? 'sim_schools_filtered' : 'sim_schools_total', { count: page.total })}
      </Typography.Text>
      {/* The test id on a wrapper: antd puts a table's own attributes inside its pagination's parent. */}
      <div data-testid="simulation-attribution-schools">
        <Table<SimulationSchoolRow>
          rowKey="schoolId"
          size="small"
          scroll={SCROLL}
          loading={{ spinning: loading, delay: 250 }}
          dataSource={page?.items ?? []}
          columns={columns}
          pagination={{ current: Math.floor(query.offset / query.limit) + 1, pageSize: query.limit, total: page?.total ?? 0, showSizeChanger: false, hideOnSinglePage: true }}
          onChange={onChange}
          expandable={expandable}
        />
      </div>
    </Space>
  );
}
