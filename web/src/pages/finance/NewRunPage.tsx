import { Button, Card, Checkbox, Form, Input, InputNumber, Radio, Select, Space, Steps, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { createRun, listDatasets, listRuleSets, listVersions, type RunRequestInput } from '../../api/endpoints';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n/i18n';
import { navigate } from '../../router';

interface RunForm {
  ruleSetId: string;
  version: number;
  datasetId: string;
  fiscalYear: number;
  budget?: string;
  policy: 'none' | 'cap' | 'exact';
  excludeInvalid?: boolean;
}

const BUDGET = /^\d+(\.\d{1,2})?$/;

export function NewRunPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<RunForm>();
  const ruleSets = useAsync(listRuleSets, []);
  const datasets = useAsync(listDatasets, []);
  const ruleSetId = Form.useWatch('ruleSetId', form);
  const policy = Form.useWatch('policy', form);
  const datasetId = Form.useWatch('datasetId', form);
  const chosenProblems = datasets.data?.find((d) => d.datasetId === datasetId)?.problemCount ?? 0;
  const versions = useAsync(() => (ruleSetId ? listVersions(ruleSetId) : Promise.resolve([])), [ruleSetId]);
  // Sensible defaults for a newcomer: the only rule set, its latest version, the dataset's own fiscal year.
  useEffect(() => {
    if (!form.getFieldValue('ruleSetId') && ruleSets.data?.length === 1) form.setFieldValue('ruleSetId', ruleSets.data[0]!.ruleSetId);
  }, [ruleSets.data, form]);
  useEffect(() => {
    const latest = Math.max(0, ...(versions.data ?? []).map((v) => v.version));
    if (!form.getFieldValue('version') && latest > 0) form.setFieldValue('version', latest);
  }, [versions.data, form]);
  useEffect(() => {
    const year = datasets.data?.find((d) => d.datasetId === datasetId)?.fiscalYear;
    if (year) form.setFieldValue('fiscalYear', year);
  }, [datasetId, datasets.data, form]);
  const [step, setStep] = useState<number | null>(null);
  const [error, setError] = useState<unknown>();
  // One key per form visit: a double click or a retry after a timeout does not start a second run.
  const clientKey = useMemo(() => crypto.randomUUID(), []);

  const start = async (values: RunForm) => {
    setError(undefined);
    setStep(0);
    const input: RunRequestInput = {
      ruleSetId: values.ruleSetId,
      version: values.version,
      datasetId: values.datasetId,
      fiscalYear: values.fiscalYear,
      envelope: values.policy === 'none' ? { policy: 'none' } : { policy: values.policy, budget: values.budget!.trim() },
      excludeInvalid: chosenProblems > 0 && values.excludeInvalid === true,
      clientKey,
    };
    try {
      const computing = setTimeout(() => setStep(1), 300);
      const run = await createRun(input);
      clearTimeout(computing);
      setStep(2);
      navigate('finance', 'runs', run.runId);
    } catch (failure) {
      setError(failure);
      setStep(null);
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 720 }}>
      <Typography.Title level={3}>{t('newRunTitle')}</Typography.Title>
      {[ruleSets.error, datasets.error, versions.error].map((e, i) => e !== undefined && <ErrorAlert key={i} error={e} />)}
      {error !== undefined && <ErrorAlert error={error} />}
      <Card>
        <Form<RunForm>
          form={form}
          layout="vertical"
          initialValues={{ policy: 'none', fiscalYear: new Date().getFullYear() }}
          onFinish={start}
          disabled={step !== null}
        >
          <Form.Item name="ruleSetId" label={t('ruleSet')} rules={[{ required: true }]}>
            <Select
              data-testid="run-ruleset"
              loading={ruleSets.loading}
              options={(ruleSets.data ?? []).map((r) => ({ value: r.ruleSetId, label: r.name }))}
              onChange={() => form.setFieldValue('version', undefined)}
            />
          </Form.Item>
          <Form.Item name="version" label={t('ruleSetVersion')} rules={[{ required: true }]}>
            <Select
              data-testid="run-version"
              loading={versions.loading}
              options={(versions.data ?? []).map((v) => ({ value: v.version, label: `v${v.version} · ${v.publishedAt.slice(0, 10)}` }))}
            />
          </Form.Item>
          <Form.Item name="datasetId" label={t('dataset')} rules={[{ required: true }]}>
            <Select
              data-testid="run-dataset"
              loading={datasets.loading}
              options={(datasets.data ?? [])
                .filter((d) => d.status === 'sealed')
                .map((d) => ({ value: d.datasetId, label: `${d.name} (${d.lineCount ?? 0})${d.problemCount ? ` · ${t('datasetProblems', { count: d.problemCount })}` : ''}` }))}
            />
          </Form.Item>
          {chosenProblems > 0 && (
            <Form.Item name="excludeInvalid" valuePropName="checked" rules={[{ validator: (_r, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('uploadBad', { count: chosenProblems })))) }]}>
              <Checkbox data-testid="run-exclude-invalid">{t('excludeInvalid', { count: chosenProblems })}</Checkbox>
            </Form.Item>
          )}
          <Form.Item name="fiscalYear" label={t('fiscalYear')} rules={[{ required: true }]}>
            {/* No stepper arrows: a year is typed, and the steppers carry English labels for screen readers. */}
            <InputNumber data-testid="run-year" min={2000} max={2100} precision={0} controls={false} />
          </Form.Item>
          <Form.Item name="policy" label={t('envelopePolicy')}>
            <Radio.Group data-testid="run-policy" role="radiogroup" aria-label={t('envelopePolicy')}>
              <Space orientation="vertical">
                {(['none', 'cap', 'exact'] as const).map((value) => (
                  <Radio key={value} value={value} data-testid={`policy-${value}`}>
                    {t(`envelope_${value}`)}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          {policy && policy !== 'none' && (
            <Form.Item
              name="budget"
              label={t('budget')}
              extra={t('budgetHint')}
              rules={[{ required: true }, { pattern: BUDGET, message: t('budgetHint') }]}
            >
              {/* Text, not a number input: a budget is money and must reach the API digit for digit. */}
              <Input data-testid="run-budget" inputMode="decimal" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" data-testid="start-run" loading={step !== null}>
            {t('startRun')}
          </Button>
        </Form>
        {step !== null && (
          <Steps
            data-testid="run-progress"
            style={{ marginTop: 24 }}
            current={step}
            items={[{ title: t('runStep_submit') }, { title: t('runStep_compute') }, { title: t('runStep_done') }]}
          />
        )}
      </Card>
    </Space>
  );
}
