import { Alert, App, Button, Card, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { render } from '../../../../messages/index';
import { exportRun, getRun, type SchoolSummary } from '../../api/endpoints';
import type { Session } from '../../auth/session';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { ownershipLabel, schoolTypeLabel } from '../../components/labels';
import { ScheduleCard } from '../../components/ScheduleCard';
import { SummaryCards } from '../../components/SummaryCards';
import { useAsync } from '../../components/useAsync';
import { compareDecimals, formatAmount, formatCount, formatWanYuan, sumDecimals } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { DecisionButtons, DecisionLines, ExcludedLinesCard } from './RunDecisions';
import { RunStatusTag } from './RunsPage';

export function RunDetailPage({ runId, session }: { runId: string; session: Session }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const run = useAsync(() => getRun(runId), [runId]);
  const [visible, setVisible] = useState<SchoolSummary[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>();

  const schools = run.data?.schools ?? [];
  const shown = visible ?? schools;
  const total = useMemo(() => sumDecimals(schools.map((s) => s.allocation)), [schools]);

  if (run.error !== undefined) return <ErrorAlert error={run.error} onRetry={run.reload} />;
  if (!run.data) return <Card loading />;
  const detail = run.data;
  const summary = detail.summary;
  // Every note of the run, the engine's and protection's alike, rendered from its code: one language in the box.
  const notes = summary?.warnings ?? [];
  const isCreator = detail.createdBy === session.user;
  const totalsAgree = !summary || compareDecimals(total, summary.totalAllocation) === 0;

  const act = async (key: string, action: () => Promise<unknown>, done?: string) => {
    setBusy(key);
    setActionError(undefined);
    try {
      await action();
      if (done) void message.success(done);
    } catch (failure) {
      setActionError(failure);
      void message.error(errorText(failure, t, lang));
    } finally {
      setBusy(null);
    }
  };

  const distinct = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))].sort();
  const columns: ColumnsType<SchoolSummary> = [
    { title: t('schoolId'), dataIndex: 'schoolId', sorter: (a, b) => a.schoolId.localeCompare(b.schoolId), defaultSortOrder: 'ascend' },
    { title: t('schoolName'), dataIndex: 'schoolName' },
    {
      title: t('city'),
      dataIndex: 'city',
      filters: distinct(schools.map((s) => s.city)).map((city) => ({ text: city, value: city })),
      onFilter: (value, school) => school.city === value,
    },
    {
      title: t('schoolType'),
      dataIndex: 'schoolType',
      render: (value: string) => schoolTypeLabel(value, lang),
      filters: distinct(schools.map((s) => s.schoolType)).map((type) => ({ text: schoolTypeLabel(type, lang), value: type })),
      onFilter: (value, school) => school.schoolType === value,
    },
    { title: t('ownership'), dataIndex: 'ownership', render: (value: string) => ownershipLabel(value, lang) },
    { title: t('students'), dataIndex: 'students', align: 'right', render: formatCount, sorter: (a, b) => compareDecimals(a.students, b.students) },
    {
      title: t('entitlement'),
      dataIndex: 'entitlement',
      align: 'right',
      render: (value: string) => <span className="amount">{formatAmount(value)}</span>,
      sorter: (a, b) => compareDecimals(a.entitlement, b.entitlement),
    },
    {
      title: t('allocation'),
      dataIndex: 'allocation',
      align: 'right',
      render: (value: string) => <span className="amount">{formatAmount(value)}</span>,
      sorter: (a, b) => compareDecimals(a.allocation, b.allocation),
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('runsTitle')} {detail.request.fiscalYear} <RunStatusTag run={detail} />
          </Typography.Title>
          <Typography.Text type="secondary">
            {summary?.ruleSet.name} v{detail.request.version} · {t(`envelope_${detail.request.envelope.policy}`)}
            {detail.request.envelope.budget ? ` · ${t('budget')} ${formatWanYuan(detail.request.envelope.budget, lang)}` : ''} · {t('runId')} {detail.runId} · {t('createdBy')} {detail.createdBy}
          </Typography.Text>
        </div>
        <Space wrap>
          <DecisionButtons
            run={detail}
            session={session}
            onDecided={run.reload}
            onFailed={(failure) => {
              setActionError(failure);
              void message.error(errorText(failure, t));
              run.reload();
            }}
          />
          <Button data-testid="export-xlsx" loading={busy === 'xlsx'} onClick={() => act('xlsx', () => exportRun(runId, 'xlsx', lang))}>
            {t('exportXlsx')}
          </Button>
          <Button data-testid="export-csv" loading={busy === 'csv'} onClick={() => act('csv', () => exportRun(runId, 'csv', lang))}>
            {t('exportCsv')}
          </Button>
        </Space>
      </Space>
      {actionError !== undefined && <ErrorAlert error={actionError} />}
      <DecisionLines run={detail} />
      {summary && (
        <SummaryCards
          items={[
            { key: 'entitlement', title: t('summaryEntitlement'), value: formatWanYuan(summary.totalEntitlement, lang) },
            { key: 'allocation', title: t('summaryAllocation'), value: formatWanYuan(summary.totalAllocation, lang) },
            { key: 'schools', title: t('summarySchools'), value: `${summary.counts.eligibleSchools} / ${summary.counts.schools}` },
            { key: 'students', title: t('summaryStudents'), value: formatCount(summary.counts.students) },
            { key: 'scale', title: t('summaryScale'), value: summary.scaleFactor ? Number(summary.scaleFactor).toFixed(6) : '—' },
          ]}
        />
      )}
      {!totalsAgree && <Alert type="warning" showIcon title={`Σ ${formatAmount(total)} ≠ ${formatAmount(summary!.totalAllocation)}`} />}
      {notes.length ? <Alert type="info" showIcon title={t('warnings')} data-testid="run-notes" description={notes.map((note) => render(note, lang)).join(lang === 'zh' ? '' : ' ')} /> : null}
      <Table<SchoolSummary>
        data-testid="schools-table"
        rowKey="schoolId"
        size="middle"
        dataSource={schools}
        columns={columns}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onChange={(_p, _f, _s, extra) => setVisible(extra.currentDataSource)}
        summary={() => (
          <Table.Summary fixed>
            <Table.Summary.Row className="totals-row" data-testid="totals-row">
              <Table.Summary.Cell index={0} colSpan={5}>
                {t('total')} ({shown.length})
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                {formatCount(sumDecimals(shown.map((s) => s.students)))}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right">
                <span className="amount">{formatAmount(sumDecimals(shown.map((s) => s.entitlement)))}</span>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={7} align="right">
                <span className="amount" data-testid="total-allocation">
                  {formatAmount(sumDecimals(shown.map((s) => s.allocation)))}
                </span>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </Table.Summary>
        )}
      />
      <ScheduleCard testId="run-schedule" rows={(summary?.instalments ?? []).map((i) => ({ label: i.label, ...(i.due ? { due: i.due } : {}), share: i.share, amount: i.total }))} />
      <ExcludedLinesCard run={detail} />
    </Space>
  );
}
