import { Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, type FormInstance } from 'antd';
import type { DatasetHeader, RunView } from '../../api/endpoints';
import { classTypeLabel, CLASS_TYPE_VALUES } from '../../components/labels';
import { useI18n } from '../../i18n/i18n';
import { BaselineRunSelect } from './BaselineRunSelect';
import { wanToYuan } from './parameterChoices';
import { percentToRate, PROJECTED, type PlanForm } from './planForm';

export interface RulesOption {
  value: string;
  label: string;
  fiscalYear?: number;
  kind: 'version' | 'draft';
}

interface BuilderProps {
  form: FormInstance<PlanForm>;
  rules: RulesOption[];
  datasets: DatasetHeader[];
  categories: { code: string; name: string }[];
  baselines: RunView[] | undefined;
  baselinesLoading: boolean;
  busy: boolean;
  onCompute: (values: PlanForm) => void;
  onExport: () => void;
  exporting: boolean;
  canExport: boolean;
}

/** The plan's years side by side: rules, enrolment (a dataset or the year before projected), budget and envelope. */
export function PlanBuilder({ form, rules, datasets, categories, baselines, baselinesLoading, busy, onCompute, onExport, exporting, canExport }: BuilderProps) {
  const { t, lang } = useI18n();
  const percentRule = { validator: (_r: unknown, value?: string) => (!value?.trim() || percentToRate(value) !== null ? Promise.resolve() : Promise.reject(new Error(t('planGrowthHint')))) };
  const wanRule = { validator: (_r: unknown, value?: string) => (!value?.trim() || wanToYuan(value) !== null ? Promise.resolve() : Promise.reject(new Error(t('solveBudgetHint')))) };
  const rulesOptions = [
    { label: t('planVersions'), options: rules.filter((r) => r.kind === 'version') },
    { label: t('planDrafts'), options: rules.filter((r) => r.kind === 'draft') },
  ].filter((group) => group.options.length > 0);
  const sealed = datasets.filter((d) => d.status === 'sealed');

  return (
    <Form<PlanForm> form={form} layout="vertical" onFinish={onCompute} data-testid="plan-form">
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Form.Item name="name" label={t('planName')}>
            <Input data-testid="plan-name" />
          </Form.Item>
        </Col>
        <Col xs={24} lg={12}>
          <Form.Item name="baselineRunId" label={t('planBaseline')}>
            <BaselineRunSelect testId="plan-baseline" runs={baselines} loading={baselinesLoading} />
          </Form.Item>
        </Col>
      </Row>
      <Form.List name="years">
        {(fields, { add, remove }) => (
          <>
            <Row gutter={[16, 16]}>
              {fields.map((field, index) => (
                <Col xs={24} lg={8} key={field.key}>
                  <Card size="small" data-testid={`plan-year-${index}`} title={<YearTitle index={index} />} extra={fields.length > 1 && <a onClick={() => remove(field.name)}>{t('planRemoveYear')}</a>}>
                    <Form.Item name={[field.name, 'fiscalYear']} label={t('planYear')} rules={[{ required: true }]}>
                      <InputNumber data-testid={`plan-year-${index}-fiscal-year`} min={2000} max={2100} precision={0} controls={false} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'rules']} label={t('planRules')} rules={[{ required: true }]}>
                      <Select data-testid={`plan-year-${index}-rules`} options={rulesOptions} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'enrollment']} label={t('planEnrollment')} rules={[{ required: true }]}>
                      <Select
                        data-testid={`plan-year-${index}-enrollment`}
                        options={[
                          ...(index > 0 ? [{ value: PROJECTED, label: t('planProjected') }] : []),
                          ...sealed.map((d) => ({ value: `ds:${d.datasetId}`, label: `${d.name}${d.fiscalYear ? ` · ${d.fiscalYear}` : ''}` })),
                        ]}
                      />
                    </Form.Item>
                    <Form.Item noStyle shouldUpdate={(a: PlanForm, b: PlanForm) => a.years?.[index]?.enrollment !== b.years?.[index]?.enrollment}>
                      {() =>
                        form.getFieldValue(['years', field.name, 'enrollment']) === PROJECTED && (
                          <>
                            <Form.Item name={[field.name, 'growthOverall']} label={t('planGrowthOverall')} extra={t('planGrowthHint')} rules={[percentRule]}>
                              <Input data-testid={`plan-year-${index}-growth`} inputMode="decimal" suffix="%" style={{ width: 140 }} />
                            </Form.Item>
                            <GrowthList name={[field.name, 'growthByCategory']} label={t('planGrowthByCategory')} options={categories.map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))} percentRule={percentRule} testId={`plan-year-${index}-by-category`} />
                            <GrowthList name={[field.name, 'growthByClassType']} label={t('planGrowthByClassType')} options={CLASS_TYPE_VALUES.map((value) => ({ value, label: classTypeLabel(value, lang) }))} percentRule={percentRule} testId={`plan-year-${index}-by-class-type`} />
                          </>
                        )
                      }
                    </Form.Item>
                    <Form.Item name={[field.name, 'envelopePolicy']} label={t('planEnvelope')}>
                      <Radio.Group>
                        <Space orientation="vertical">
                          {(['none', 'cap', 'exact'] as const).map((value) => (
                            <Radio key={value} value={value} data-testid={`plan-year-${index}-policy-${value}`}>
                              {t(`envelope_${value}`)}
                            </Radio>
                          ))}
                        </Space>
                      </Radio.Group>
                    </Form.Item>
                    <Form.Item noStyle shouldUpdate={(a: PlanForm, b: PlanForm) => a.years?.[index]?.envelopePolicy !== b.years?.[index]?.envelopePolicy}>
                      {() => (
                        <Form.Item
                          name={[field.name, 'budgetWan']}
                          label={t('planBudgetWan')}
                          rules={[{ required: form.getFieldValue(['years', field.name, 'envelopePolicy']) !== 'none', message: t('solveBudgetHint') }, wanRule]}
                        >
                          <Input data-testid={`plan-year-${index}-budget`} inputMode="decimal" suffix={lang === 'zh' ? '万元' : '× ¥10k'} />
                        </Form.Item>
                      )}
                    </Form.Item>
                  </Card>
                </Col>
              ))}
            </Row>
            <Space style={{ marginTop: 16 }} wrap>
              <Button
                data-testid="plan-add-year"
                onClick={() => {
                  const years = (form.getFieldValue('years') ?? []) as PlanForm['years'];
                  add({ fiscalYear: (years.at(-1)?.fiscalYear ?? new Date().getFullYear()) + 1, enrollment: PROJECTED, envelopePolicy: 'none' });
                }}
              >
                {t('planAddYear')}
              </Button>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="plan-compute">
                {t('planCompute')}
              </Button>
              <Button data-testid="plan-export" disabled={!canExport} loading={exporting} onClick={onExport}>
                {t('planExport')}
              </Button>
            </Space>
          </>
        )}
      </Form.List>
    </Form>
  );
}

function YearTitle({ index }: { index: number }) {
  const year = Form.useWatch(['years', index, 'fiscalYear']) as number | undefined;
  return <span>{year ?? ''}</span>;
}

function GrowthList({ name, label, options, percentRule, testId }: { name: (string | number)[]; label: string; options: { value: string; label: string }[]; percentRule: object; testId: string }) {
  const { t } = useI18n();
  return (
    <Form.Item label={label}>
      <Form.List name={name}>
        {(rows, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid={testId}>
            {rows.map((row) => (
              <Space key={row.key} align="baseline">
                <Form.Item name={[row.name, 'key']} rules={[{ required: true }]} noStyle>
                  <Select style={{ width: 150 }} options={options} showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
                <Form.Item name={[row.name, 'rate']} rules={[{ required: true }, percentRule]} noStyle>
                  <Input inputMode="decimal" suffix="%" style={{ width: 100 }} />
                </Form.Item>
                <a onClick={() => remove(row.name)}>{t('planRemoveYear')}</a>
              </Space>
            ))}
            <a onClick={() => add({})}>{t('planGrowthAdd')}</a>
          </Space>
        )}
      </Form.List>
    </Form.Item>
  );
}
