import { App, Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType, SorterResult, SortOrder } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import { EFFECT_CODES, EFFECTS, type Effect } from '../../../../domain/attribution-types';
import { ApiError } from '../../api/client';
import { exportAttribution, getRunAttribution, type AttributionSchoolRow, type SchoolPageRequest, type SchoolSortKey } from '../../api/attribution';
import { listRuns, type RunView } from '../../api/endpoints';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { useAsync } from '../../components/useAsync';
import { useText } from '../../components/useText';
import { formatAmount, formatSignedPercent } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { hrefOf } from '../../router';
import { AttributionWaterfall } from './AttributionWaterfall';
import { Delta } from './Delta';

const PAGE_SIZE = 20;

/** The statement of one school of the run, with its change against the run compared here. */
export function statementHref(runId: string, schoolId: string, against: string | undefined): string {
  return `${hrefOf('finance', 'runs', runId, 'schools', schoolId)}${against ? `?against=${encodeURIComponent(against)}` : ''}`;
}

/**
 * Finance's view of why the run's allocation differs from another run's (SPEC §9): a run to compare with (the
 * previous approved run by default), the totals per effect as a waterfall, and every school with the seven effects
 * as columns, sorted, searched and paged on the server (a national run has 3,000 schools). A school opens its
 * statement with the change line by line.
 */
export function RunAttributionCard({ run }: { run: RunView }) {
  const { t, lang } = useI18n();
  const text = useText();
  const { message } = App.useApp();
  const [against, setAgainst] = useState<string | undefined>();
  const [page, setPage] = useState<Required<Pick<SchoolPageRequest, 'sort' | 'order' | 'offset'>> & { q?: string }>({ sort: 'schoolId', order: 'asc', offset: 0 });
  const [exporting, setExporting] = useState(false);
  const loaded = useAsync(() => getRunAttribution(run.runId, against, { ...page, limit: PAGE_SIZE }), [run.runId, against, page, lang]);
  const runs = useAsync(listRuns, []);
  const data = loaded.data;
  const noDefault = loaded.error instanceof ApiError && loaded.error.code === 'no_previous_run' && against === undefined;

  const options = useMemo(() => {
    const candidates = (runs.data ?? []).filter((r) => r.runId !== run.runId && r.status === 'complete' && r.request.ruleSetId === run.request.ruleSetId);
    candidates.sort((a, b) => b.request.fiscalYear - a.request.fiscalYear || b.createdAt.localeCompare(a.createdAt));
    const defaultId = data?.against.default ? data.against.runId : undefined;
    return candidates.map((r: RunView) => ({
      value: r.runId,
      label:
        r.runId === defaultId
          ? text('attribution_view_option_default', { runId: r.runId, year: r.request.fiscalYear })
          : text('attribution_view_option_run', { runId: r.runId, year: r.request.fiscalYear, state: text(`run_state_${r.lifecycle}`) }),
    }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runs.data, data?.against.runId, data?.against.default, lang]);

  const money = (value: string) => <span className="amount">{formatAmount(value)}</span>;
  const sortOrder = (key: SchoolSortKey): SortOrder => (page.sort === key ? (page.order === 'asc' ? 'ascend' : 'descend') : null);
  const columns: ColumnsType<AttributionSchoolRow> = [
    { title: t('schoolId'), dataIndex: 'schoolId', key: 'schoolId', sorter: true, sortOrder: sortOrder('schoolId'), fixed: 'left', width: 110 },
    { title: t('schoolName'), dataIndex: 'schoolName', key: 'schoolName', sorter: true, sortOrder: sortOrder('schoolName'), fixed: 'left', width: 200 },
    { title: text('attribution_view_col_base'), dataIndex: 'baseAllocation', key: 'baseAllocation', align: 'right', sorter: true, sortOrder: sortOrder('baseAllocation'), render: money },
    { title: text('attribution_view_col_new'), dataIndex: 'newAllocation', key: 'newAllocation', align: 'right', sorter: true, sortOrder: sortOrder('newAllocation'), render: money },
    { title: text('attribution_view_col_change'), dataIndex: 'change', key: 'change', align: 'right', sorter: true, sortOrder: sortOrder('change'), render: (v: string) => <Delta value={v} /> },
    { title: text('attribution_view_col_percent'), dataIndex: 'changePercent', key: 'changePercent', align: 'right', sorter: true, sortOrder: sortOrder('changePercent'), render: (v: string | null) => (v === null ? '—' : formatSignedPercent(v)) },
    ...EFFECTS.map((effect: Effect) => ({
      title: text('attribution_view_col_effect', { name: text(EFFECT_CODES[effect]) }),
      key: effect,
      align: 'right' as const,
      sorter: true,
      sortOrder: sortOrder(effect),
      width: 150,
      render: (_: unknown, school: AttributionSchoolRow) => <Delta value={school.effects[effect]} testId={`effect-${effect}`} />,
    })),
    {
      title: text('attribution_view_statement'),
      key: 'statement',
      fixed: 'right',
      render: (_: unknown, school: AttributionSchoolRow) => (
        <a href={statementHref(run.runId, school.schoolId, against)} data-testid={`open-statement-${school.schoolId}`}>
          {t('view')}
        </a>
      ),
    },
  ];

  const onTableChange = (pagination: { current?: number }, sorter: SorterResult<AttributionSchoolRow> | SorterResult<AttributionSchoolRow>[]) => {
    const chosen = Array.isArray(sorter) ? sorter[0] : sorter;
    const sort = (chosen?.order ? (chosen.columnKey as SchoolSortKey) : 'schoolId') ?? 'schoolId';
    const order = chosen?.order === 'descend' ? 'desc' : 'asc';
    const sortChanged = sort !== page.sort || order !== page.order;
    setPage({ ...page, sort, order, offset: sortChanged ? 0 : ((pagination.current ?? 1) - 1) * PAGE_SIZE });
  };

  const download = async () => {
    setExporting(true);
    try {
      await exportAttribution(run.runId, against, lang).catch(async (failure: unknown) => {
        // Too many moved lines for one answer (a national run): the workbook without them, and say where they are.
        if (!(failure instanceof ApiError) || failure.status !== 413) throw failure;
        void message.info(errorText(failure, t, lang), 8);
        await exportAttribution(run.runId, against, lang, false);
      });
    } catch (failure) {
      void message.error(errorText(failure, t, lang));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card
      title={text('attribution_view_card_title')}
      data-testid="run-attribution"
      extra={
        <Space wrap>
          <span>{text('attribution_view_against_label')}</span>
          <Select
            data-testid="attribution-against"
            style={{ minWidth: 320 }}
            loading={runs.loading}
            placeholder={text('attribution_view_no_default')}
            value={against ?? (data?.against.default ? data.against.runId : undefined)}
            options={options}
            onChange={(value: string) => {
              setAgainst(value === data?.against.runId && data.against.default ? undefined : value);
              setPage({ ...page, offset: 0 });
            }}
          />
          <Button data-testid="attribution-export" loading={exporting} disabled={!data} onClick={() => void download()}>
            {text('attribution_view_export')}
          </Button>
        </Space>
      }
    >
      {noDefault && (
        <Typography.Text type="secondary" data-testid="attribution-none">
          {errorText(loaded.error, t, lang)}
        </Typography.Text>
      )}
      {!noDefault && loaded.error !== undefined && <ErrorAlert error={loaded.error} onRetry={loaded.reload} />}
      {!data && loaded.loading && <Card loading variant="borderless" />}
      {data && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <div>
            <Typography.Paragraph strong style={{ margin: 0 }} data-testid="attribution-moved">
              {text('attribution_view_moved', { before: data.totals.baseAllocation, after: data.totals.newAllocation, change: data.totals.change })}
              {data.totals.changePercent !== null ? ` (${formatSignedPercent(data.totals.changePercent)})` : ''}
            </Typography.Paragraph>
            <Typography.Text type="secondary" data-testid="attribution-counts">
              {text('attribution_view_counts', { gaining: data.summary.schoolsGaining, losing: data.summary.schoolsLosing, unchanged: data.summary.schoolsUnchanged })}
            </Typography.Text>
          </div>
          <div>
            <Typography.Text strong>{text('attribution_view_totals')}</Typography.Text>
            <AttributionWaterfall
              start={data.totals.baseAllocation}
              effects={data.totals.effects}
              end={data.totals.newAllocation}
              startLabel={text('attribution_view_base_bar')}
              endLabel={text('attribution_view_new_bar')}
              testId="run-waterfall"
            />
          </div>
          <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
            <Typography.Text strong>{text('attribution_view_per_school')}</Typography.Text>
            <Input.Search
              data-testid="attribution-search"
              allowClear
              placeholder={text('attribution_view_search')}
              style={{ width: 280 }}
              onSearch={(q) => setPage({ ...page, q: q.trim() || undefined, offset: 0 } as typeof page)}
            />
          </Space>
          <Table<AttributionSchoolRow>
            data-testid="attribution-schools"
            rowKey="schoolId"
            size="small"
            loading={loaded.loading}
            scroll={{ x: 'max-content' }}
            dataSource={data.schools.items}
            columns={columns}
            pagination={{ current: Math.floor(data.schools.offset / PAGE_SIZE) + 1, pageSize: PAGE_SIZE, total: data.schools.total, showSizeChanger: false }}
            onChange={(pagination, _filters, sorter) => onTableChange(pagination, sorter)}
          />
        </Space>
      )}
    </Card>
  );
}
