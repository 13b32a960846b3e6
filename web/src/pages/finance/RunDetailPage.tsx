import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { render } from '../../../../messages/index';
import { exportRun, getRun } from '../../api/endpoints';
import type { Session } from '../../auth/session';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { ScheduleCard } from '../../components/ScheduleCard';
import { SummaryCards } from '../../components/SummaryCards';
import { useAsync } from '../../components/useAsync';
import { formatCount, formatWanYuan } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { RunAttributionCard } from '../attribution/RunAttributionCard';
import { DecisionButtons, DecisionLines, ExcludedLinesCard } from './RunDecisions';
import { RunStatusTag } from './RunsPage';
import { RunSchoolsTable } from './RunSchoolsTable';
import { ProtectionCard } from '../planning/Protection';

export function RunDetailPage({ runId, session }: { runId: string; session: Session }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const run = useAsync(() => getRun(runId), [runId]);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>();

  if (run.error !== undefined) return <ErrorAlert error={run.error} onRetry={run.reload} />;
  if (!run.data) return <Card loading />;
  const detail = run.data;
  const summary = detail.summary;
  // Every note of the run, the engine's and protection's alike, rendered from its code: one language in the box.
  const notes = summary?.warnings ?? [];

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
      <ProtectionCard summary={summary} />
      {notes.length ? <Alert type="info" showIcon title={t('warnings')} data-testid="run-notes" description={notes.map((note) => render(note, lang)).join(lang === 'zh' ? '' : ' ')} /> : null}
      <RunSchoolsTable runId={runId} summary={summary} />
      {detail.status === 'complete' && <RunAttributionCard run={detail} />}
      <ScheduleCard testId="run-schedule" rows={(summary?.instalments ?? []).map((i) => ({ label: i.label, ...(i.due ? { due: i.due } : {}), share: i.share, amount: i.total }))} />
      <ExcludedLinesCard run={detail} />
    </Space>
  );
}
