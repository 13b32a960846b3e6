import { Alert, Space, Table, Typography } from 'antd';
import { listRuns, type RunView } from '../../api/endpoints';
import type { Session } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatTime } from '../../components/labels';
import { useAsync } from '../../components/useAsync';
import { useText } from '../../components/useText';
import { useI18n } from '../../i18n/i18n';
import { hrefOf } from '../../router';
import { RunStatusTag } from '../finance/RunsPage';

/** The school's current allocations first, then the ones they replaced, marked as such. */
export function SchoolRunsPage({ session }: { session: Session }) {
  const { t, lang } = useI18n();
  const text = useText();
  const runs = useAsync(listRuns, []);
  const all = runs.data ?? [];
  const current = all.filter((run) => run.lifecycle === 'approved');
  const history = all.filter((run) => run.lifecycle === 'superseded');
  const columns = [
    { title: t('fiscalYear'), render: (_: unknown, run: RunView) => run.request.fiscalYear },
    { title: t('ruleSet'), render: (_: unknown, run: RunView) => run.summary?.ruleSet.name ?? run.request.ruleSetId },
    { title: t('runId'), dataIndex: 'runId' },
    { title: t('runStatus'), render: (_: unknown, run: RunView) => <RunStatusTag run={run} /> },
    { title: text('export_approved_at'), render: (_: unknown, run: RunView) => formatTime(run.approvedAt, lang) },
    {
      title: '',
      render: (_: unknown, run: RunView) => (
        <a data-testid={`statement-link-${run.runId}`} href={hrefOf('school', 'runs', run.runId, session.schoolId ?? '')}>
          {t('view')}
        </a>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('schoolRunsTitle')}</Typography.Title>
      {!session.schoolId && <Alert type="warning" title={t('schoolIdMissing')} />}
      {runs.error !== undefined && <ErrorAlert error={runs.error} onRetry={runs.reload} />}
      <Typography.Title level={5}>{text('school_current')}</Typography.Title>
      <Table data-testid="school-runs-table" rowKey="runId" loading={runs.loading} dataSource={current} columns={columns} pagination={false} />
      {history.length > 0 && (
        <>
          <Typography.Title level={5}>{text('school_history')}</Typography.Title>
          <Table data-testid="school-history-table" rowKey="runId" dataSource={history} columns={columns} pagination={false} />
        </>
      )}
    </Space>
  );
}
