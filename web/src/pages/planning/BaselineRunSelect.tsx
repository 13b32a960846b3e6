import { Select } from 'antd';
import type { RunView } from '../../api/endpoints';
import { formatWanYuan } from '../../format/money';
import { useI18n } from '../../i18n/i18n';

const NONE = '';

/** Approved runs of earlier years as a run's, a solution's or a plan's baseline (SPEC §7); empty means none. */
export function BaselineRunSelect({ runs, loading, testId, value, onChange }: { runs: RunView[] | undefined; loading: boolean; testId: string; value?: string; onChange?: (value: string | undefined) => void }) {
  const { t, lang } = useI18n();
  return (
    // "None" is an option of its own, not antd's clear button (whose label is English only).
    <Select
      data-testid={testId}
      loading={loading}
      value={value ?? NONE}
      onChange={(next: string) => onChange?.(next === NONE ? undefined : next)}
      options={[
        { value: NONE, label: t('baselineRunNone') },
        ...(runs ?? []).map((run) => ({
          value: run.runId,
          label: t('baselineRunOption', { year: run.request.fiscalYear, total: run.summary ? formatWanYuan(run.summary.totalAllocation, lang) : '—', runId: run.runId }),
        })),
      ]}
    />
  );
}
