import { Button, Space, Table, Tag, Typography } from 'antd';
import { listRuns, type RunView } from '../../api/endpoints';
import { ErrorAlert } from '../../components/ErrorAlert';
import { createdColumns } from '../../components/createdColumns';
import { useAsync } from '../../components/useAsync';
import { formatWanYuan } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { useText } from '../../components/useText';
import { hrefOf } from '../../router';

const STATE_COLOURS = { review: 'orange', approved: 'green', superseded: 'default', returned: 'red', withdrawn: 'default' } as const;

export function RunStatusTag({ run }: { run: RunView }) {
  const { t } = useI18n();
  const text = useText();
  if (run.status === 'pending') return <Tag color="blue" data-testid="run-status">{t('status_running')}</Tag>;
  return (
    <Tag color={STATE_COLOURS[run.lifecycle]} data-testid="run-status" data-state={run.lifecycle}>
      {text(`run_state_${run.lifecycle}`)}
    </Tag>
  );
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
          { title: t('fiscalYear'), render: (_: unknown, run: RunView) => run.request.fiscalYear },
          { title: t('ruleSet'), render: (_: unknown, run: RunView) => `${run.summary?.ruleSet.name ?? run.request.ruleSetId} v${run.request.version}` },
          { title: t('envelopePolicy'), render: (_: unknown, run: RunView) => t(`envelope_${run.request.envelope.policy}`) },
          {
            title: t('summaryAllocation'),
            align: 'right',
            render: (_: unknown, run: RunView) => (run.summary ? <span className="amount">{formatWanYuan(run.summary.totalAllocation, lang)}</span> : ''),
          },
          { title: t('runStatus'), render: (_: unknown, run: RunView) => <RunStatusTag run={run} /> },
          ...createdColumns<RunView>(t, lang),
        ]}
      />
    </Space>
  );
}
