import { Form, type FormInstance } from 'antd';
import { getVersion } from '../../api/endpoints';
import { baselineRuns } from '../../api/planning';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n/i18n';
import { BaselineRunSelect } from './BaselineRunSelect';

/**
 * The run form's baseline (SPEC §7): an approved run of an earlier year of the same rule set. The hint says whether
 * the chosen version protects at all, so nobody expects a floor the rule set does not have.
 */
export function RunBaselineField({ form }: { form: FormInstance }) {
  const { t } = useI18n();
  const ruleSetId = Form.useWatch('ruleSetId', form) as string | undefined;
  const version = Form.useWatch('version', form) as number | undefined;
  const fiscalYear = Form.useWatch('fiscalYear', form) as number | undefined;
  const chosen = useAsync(() => (ruleSetId && version ? getVersion(ruleSetId, version) : Promise.resolve(undefined)), [ruleSetId, version]);
  const runs = useAsync(() => (ruleSetId && fiscalYear ? baselineRuns(ruleSetId, fiscalYear) : Promise.resolve([])), [ruleSetId, fiscalYear]);
  const protects = chosen.data?.ruleSet.protection !== undefined;
  return (
    <Form.Item name="baselineRunId" label={t('baselineRun')} extra={chosen.data ? t(protects ? 'baselineRunNeeded' : 'baselineRunUnused') : undefined}>
      <BaselineRunSelect testId="run-baseline" runs={runs.data} loading={runs.loading} />
    </Form.Item>
  );
}
