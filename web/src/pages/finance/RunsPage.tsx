import { Button, Space, Table, Tag, Typography } from 'antd';
import { listRuns, type RunHeader } from '../../api/endpoints';
import { ErrorAlert } from '../../components/ErrorAlert';
import { createdColumns } from '../../components/createdColumns';
import { useAsync } from '../../components/useAsync';
import { formatWanYuan } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { hrefOf } from '../../router';

export function RunStatusTag({ run }: { run: RunHeader }) {
  const { t } = useI18n();
  if (run.approvedBy) return <Tag color="green" data-testid="run-status">{t('status_approved')}</Tag>;
  return <Tag color={run.status === 'pending' ? 'blue' : 'orange'} data-testid="run-status">{t(run.status === 'pending' ? 'status_running' : 'status_computed')}</Tag>;
}

export function RunsPage() {
  const { t, lang } = useI18n();
  const runs = useAsync(listRuns, []);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3}>{t('runsTitle')}</Typography.Title>
        <Button type="primary" href={hrefOf('finance', 'runs', 'new')} data-testid="new-run">
          {t('nav_newRun')}
        </Button>
      </Space>
      {runs.error !== undefined && <ErrorAlert error={runs.error} onRetry={runs.reload} />}
      <Table
        data-testid="runs-table"
        rowKey="runId"
        loading={runs.loading}
        dataSource={runs.data ?? []}
        columns={[
          { title: t('runId'), dataIndex: 'runId', render: (id: string) => <a href={hrefOf('finance', 'runs', id)}>{id}</a> },
          { title: t('fiscalYear'), render: (_: unknown, run: RunHeader) => run.request.fiscalYear },
          { title: t('ruleSet'), render: (_: unknown, run: RunHeader) => `${run.summary?.ruleSet.name ?? run.request.ruleSetId} v${run.request.version}` },
          { title: t('envelopePolicy'), render: (_: unknown, run: RunHeader) => t(`envelope_${run.request.envelope.policy}`) },
          {
            title: t('summaryAllocation'),
            align: 'right',
            render: (_: unknown, run: RunHeader) => (run.summary ? <span className="amount">{formatWanYuan(run.summary.totalAllocation, lang)}</span> : ''),
          },
          { title: t('runStatus'), render: (_: unknown, run: RunHeader) => <RunStatusTag run={run} /> },
          ...createdColumns<RunHeader>(t, lang),
        ]}
      />
    </Space>
  );
}
