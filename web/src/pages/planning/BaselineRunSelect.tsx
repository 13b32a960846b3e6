import { Select } from 'antd';
import type { RunView } from '../../api/endpoints';
import { formatWanYuan } from '../../format/money';
import { useI18n } from '../../i18n/i18n';

/** Approved runs of earlier years as a run's, a solution's or a plan's baseline (SPEC §7); empty means none. */
export function BaselineRunSelect({ runs, loading, testId, value, onChange }: { runs: RunView[] | undefined; loading: boolean; testId: string; value?: string; onChange?: (value: string | undefined) => void }) {
  const { t, lang } = useI18n();
  return (
    <Select
      data-testid={testId}
      allowClear
      loading={loading}
      placeholder={t('baselineRunNone')}
      value={value}
      onChange={(next?: string) => onChange?.(next || undefined)}
      options={(runs ?? []).map((run) => ({
        value: run.runId,
        label: t('baselineRunOption', { year: run.request.fiscalYear, total: run.summary ? formatWanYuan(run.summary.totalAllocation, lang) : '—', runId: run.runId }),
      }))}
    />
  );
}
