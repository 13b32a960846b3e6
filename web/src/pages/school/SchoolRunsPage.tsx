import { Alert, Space, Table, Typography } from 'antd';
import { listRuns, type RunHeader } from '../../api/endpoints';
import type { Session } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatTime } from '../../components/labels';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n/i18n';
import { hrefOf } from '../../router';

export function SchoolRunsPage({ session }: { session: Session }) {
  const { t, lang } = useI18n();
  const runs = useAsync(listRuns, []);
  const approved = (runs.data ?? []).filter((run) => run.approvedBy);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('schoolRunsTitle')}</Typography.Title>
      {!session.schoolId && <Alert type="warning" title={t('schoolIdMissing')} />}
      {runs.error !== undefined && <ErrorAlert error={runs.error} onRetry={runs.reload} />}
      <Table
        data-testid="school-runs-table"
        rowKey="runId"
        loading={runs.loading}
        dataSource={approved}
        columns={[
          { title: t('fiscalYear'), render: (_: unknown, run: RunHeader) => run.request.fiscalYear },
          { title: t('ruleSet'), render: (_: unknown, run: RunHeader) => run.summary?.ruleSet.name ?? run.request.ruleSetId },
          { title: t('runId'), dataIndex: 'runId' },
          { title: t('approvedAt'), render: (_: unknown, run: RunHeader) => formatTime(run.approvedAt, lang) },
          {
            title: '',
            render: (_: unknown, run: RunHeader) => (
              <a data-testid={`statement-link-${run.runId}`} href={hrefOf('school', 'runs', run.runId, session.schoolId ?? '')}>
                {t('view')}
              </a>
            ),
          },
        ]}
      />
    </Space>
  );
}
