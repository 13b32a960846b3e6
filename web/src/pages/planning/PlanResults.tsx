import { Alert, Card, Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { render } from '../../../../messages/index';
import type { SchoolTrajectory, TrajectoryPoint } from '../../../../domain/plan';
import type { PlanView } from '../../api/planning';
import { EChart, type ChartOption } from '../../components/EChart';
import { compareDecimals, formatAmount, formatCount, formatSignedYuan, formatWanYuan, toChartNumber } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { BoundTag } from './Protection';

const MAX_CHARTED = 8;
type Year = PlanView['years'][number];

/** Per-year totals, schools at floor / cap, a trajectory chart of the schools ticked, and every school searchable. */
export function PlanResults({ plan }: { plan: PlanView }) {
  const { t, lang } = useI18n();
  const [search, setSearch] = useState('');
  const initial = useMemo(() => defaultCharted(plan.trajectory), [plan]);
  const [charted, setCharted] = useState<string[]>(initial);
  const query = search.trim().toLowerCase();
  const shown = useMemo(() => (query ? plan.trajectory.filter((s) => s.schoolId.toLowerCase().includes(query) || s.schoolName.toLowerCase().includes(query)) : plan.trajectory), [plan, query]);
  const wan = (value: string | undefined) => (value === undefined ? '—' : formatWanYuan(value, lang).replace(/ 万元$| × 10k$/, ''));
  const notes = plan.years.flatMap((year) => year.summary.warnings.map((warning) => `${year.fiscalYear}：${render(warning, lang)}`));

  const yearColumns: ColumnsType<Year> = [
    { title: t('planYear'), dataIndex: 'fiscalYear' },
    { title: t('planRules'), render: (_: unknown, y) => `${y.summary.ruleSet.name}（${y.ruleSetSource}）` },
    { title: t('planEnrollment'), render: (_: unknown, y) => (y.enrollment.source === 'projected' ? t('planProjected') : y.enrollment.source) },
    { title: t('planStudents'), align: 'right', render: (_: unknown, y) => formatCount(y.enrollment.students) },
    { title: t('planBudgetColumn'), align: 'right', render: (_: unknown, y) => <span className="amount">{wan(y.summary.envelope.budget)}</span> },
    { title: t('planTotalEntitlement'), align: 'right', render: (_: unknown, y) => <span className="amount">{wan(y.totalEntitlement)}</span> },
    { title: t('planTotalAllocation'), align: 'right', render: (_: unknown, y) => <span className="amount" data-testid={`plan-total-${y.fiscalYear}`} title={formatAmount(y.totalAllocation)}>{wan(y.totalAllocation)}</span> },
    { title: t('protectionAtFloor'), align: 'right', render: (_: unknown, y) => <span data-testid={`plan-floor-${y.fiscalYear}`}>{y.schoolsAtFloor}</span> },
    { title: t('protectionAtCap'), align: 'right', render: (_: unknown, y) => <span data-testid={`plan-cap-${y.fiscalYear}`}>{y.schoolsAtCap}</span> },
    { title: t('planFloorCostWan'), align: 'right', render: (_: unknown, y) => <span className="amount">{wan(y.summary.protection?.floorCost)}</span> },
    { title: t('planCapSavingWan'), align: 'right', render: (_: unknown, y) => <span className="amount">{wan(y.summary.protection?.capSaving)}</span> },
  ];

  const chart = useMemo<ChartOption>(() => {
    const unit = lang === 'zh' ? '万元' : '¥10k';
    const bySchool = new Map(plan.trajectory.map((s) => [s.schoolId, s]));
    const series = charted.map((id) => bySchool.get(id)).filter((s): s is SchoolTrajectory => !!s);
    return {
      animation: false,
      grid: { left: 8, right: 24, top: 48, bottom: 8, containLabel: true },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', valueFormatter: (value: number) => `${value.toFixed(2)} ${unit}` },
      xAxis: { type: 'category', data: plan.years.map((y) => String(y.fiscalYear)) },
      yAxis: { type: 'value', name: unit, scale: true },
      series: series.map((school) => ({
        type: 'line',
        name: school.schoolName,
        connectNulls: false,
        data: school.years.map((point) => (point.allocation === null ? null : { value: toChartNumber(point.allocation) / 10_000, symbol: point.bound ? 'diamond' : 'circle', symbolSize: point.bound ? 12 : 6 })),
      })),
    };
  }, [plan, charted, lang]);

  const schoolColumns: ColumnsType<SchoolTrajectory> = [
    { title: t('schoolId'), dataIndex: 'schoolId', sorter: (a, b) => a.schoolId.localeCompare(b.schoolId), defaultSortOrder: 'ascend' },
    { title: t('schoolName'), dataIndex: 'schoolName' },
    ...plan.years.map((year, i) => ({
      title: t('planYearAllocation', { year: year.fiscalYear }),
      key: `y${year.fiscalYear}`,
      align: 'right' as const,
      sorter: (a: SchoolTrajectory, b: SchoolTrajectory) => compareDecimals(a.years[i]!.allocation ?? '-1', b.years[i]!.allocation ?? '-1'),
      render: (_: unknown, school: SchoolTrajectory) => <YearCell point={school.years[i]!} />,
    })),
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="plan-result">
      <Card size="small" title={t('planYearsTitle')}>
        <Table<Year> data-testid="plan-years" size="small" rowKey="fiscalYear" pagination={false} dataSource={plan.years} columns={yearColumns} scroll={{ x: true }} />
        {notes.length > 0 && <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('warnings')} description={<ul style={{ margin: 0 }}>{notes.map((note, i) => <li key={i}>{note}</li>)}</ul>} />}
      </Card>
      <Card size="small" title={t('planChartTitle')}>
        <Typography.Text type="secondary">{t('planChartHint', { max: MAX_CHARTED })}</Typography.Text>
        <EChart option={chart} height={360} testId="plan-trajectory-chart" />
      </Card>
      <Card size="small" title={`${t('planSchoolsTitle')} (${shown.length})`}>
        <Input data-testid="plan-search" allowClear placeholder={t('planSearch')} style={{ maxWidth: 360, marginBottom: 12 }} onChange={(event) => setSearch(event.target.value)} />
        <Table<SchoolTrajectory>
          data-testid="plan-schools-table"
          size="small"
          rowKey="schoolId"
          dataSource={shown}
          columns={schoolColumns}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: true }}
          rowSelection={{
            selectedRowKeys: charted,
            preserveSelectedRowKeys: true,
            hideSelectAll: true,
            // antd reads its checkboxes out in English ("Select row 3"): say what ticking does, in the page's language.
            getCheckboxProps: (school) => ({ 'aria-label': t('planChartPick', { name: school.schoolName }) }),
            onChange: (keys) => setCharted((keys as string[]).slice(-MAX_CHARTED)),
          }}
        />
      </Card>
    </Space>
  );
}

function YearCell({ point }: { point: TrajectoryPoint }) {
  const { t, lang } = useI18n();
  if (point.allocation === null) return <span>{t('planAbsent')}</span>;
  return (
    <Space orientation="vertical" size={0} style={{ alignItems: 'flex-end' }}>
      <span className="amount">
        <BoundTag bound={point.bound} />
        {formatAmount(point.allocation)}
      </span>
      {point.change !== null && (
        <Typography.Text type="secondary" className="amount" style={{ fontSize: 12 }}>
          {t('planChange')} {formatSignedYuan(point.change, lang)}
        </Typography.Text>
      )}
    </Space>
  );
}

/** What to draw first: schools protection held (they are why a plan is read), else the first ones. */
function defaultCharted(trajectory: SchoolTrajectory[]): string[] {
  const bound = trajectory.filter((s) => s.years.some((p) => p.bound !== null));
  return (bound.length ? bound : trajectory).slice(0, 3).map((s) => s.schoolId);
}
