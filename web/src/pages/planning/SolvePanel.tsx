import { App, Button, Card, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { listDatasets, type DraftView } from '../../api/endpoints';
import { baselineRuns, draftFromSolution, solveStandard, type Solution } from '../../api/planning';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { SummaryCards } from '../../components/SummaryCards';
import { useAsync } from '../../components/useAsync';
import { formatWanYuan, formatYuan } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { navigate } from '../../router';
import { SimulationResult } from '../policy/SimulationPanel';
import { BaselineRunSelect } from './BaselineRunSelect';
import { parameterChoices, valueText, wanToYuan, type ParameterChoice } from './parameterChoices';

interface SolveForm {
  parameter: string;
  datasetId: string;
  budgetWan: string;
  baselineRunId?: string;
}

const GROUPS = ['tiers', 'categories', 'bands', 'uplifts', 'scale'] as const;

/**
 * SPEC §8 on the draft page: the largest value of one standard the budget pays for, its spend, what is left of the
 * budget, and the §5 comparison with the draft as it was; one click makes the solved rule set a new draft.
 */
export function SolvePanel({ ruleSetId, draft, beforeSolve }: { ruleSetId: string; draft: DraftView; beforeSolve: () => Promise<{ draftId: string }> }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<SolveForm>();
  const datasets = useAsync(listDatasets, []);
  const content = (draft.content ?? {}) as { fiscalYear?: unknown; protection?: unknown };
  const choices = useMemo(() => parameterChoices(draft.content, lang, t), [draft.content, lang, t]);
  const fiscalYear = typeof content.fiscalYear === 'number' ? content.fiscalYear : undefined;
  const baselines = useAsync(() => (fiscalYear ? baselineRuns(ruleSetId, fiscalYear) : Promise.resolve([])), [ruleSetId, fiscalYear]);
  const [solution, setSolution] = useState<{ answer: Solution; choice: ParameterChoice }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<'solve' | 'draft' | null>(null);

  const start = async (values: SolveForm) => {
    setBusy('solve');
    setError(undefined);
    setSolution(undefined);
    try {
      const saved = await beforeSolve();
      const answer = await solveStandard({
        rules: { ruleSetId, draftId: saved.draftId },
        datasetId: values.datasetId,
        parameter: values.parameter,
        budget: wanToYuan(values.budgetWan)!,
        ...(values.baselineRunId ? { baselineRunId: values.baselineRunId } : {}),
      });
      setSolution({ answer, choice: choices.find((c) => c.path === values.parameter)! });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const makeDraft = async () => {
    if (!solution) return;
    setBusy('draft');
    try {
      const { answer, choice } = solution;
      const note = t('solveDraftNote', { budget: formatWanYuan(answer.budget, lang), parameter: choice.label, value: valueText(choice.kind, answer.value, lang, t) ?? answer.value });
      const created = await draftFromSolution(ruleSetId, answer, note);
      void message.success(t('solveDraftCreated', { draftId: created.draftId }));
      navigate('policy', 'drafts', ruleSetId, created.draftId);
    } catch (failure) {
      void message.error(errorText(failure, t));
    } finally {
      setBusy(null);
    }
  };

  const options = GROUPS.map((group) => ({
    label: t(`solveGroup_${group}`),
    options: choices.filter((c) => c.group === group).map((c) => ({ value: c.path, label: c.current ? `${c.label}（${t('paramNow', { value: c.current })}）` : c.label })),
  })).filter((group) => group.options.length > 0);

  return (
    <Card title={t('solveTitle')} className="no-print" data-testid="solve-panel">
      <Typography.Paragraph type="secondary">{t('solveIntro')}</Typography.Paragraph>
      <Form<SolveForm> form={form} layout="vertical" onFinish={start}>
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Form.Item name="parameter" label={t('solveParameter')} rules={[{ required: true }]}>
              <Select data-testid="solve-parameter" showSearch={{ optionFilterProp: 'label' }} options={options} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={8}>
            <Form.Item name="datasetId" label={t('dataset')} rules={[{ required: true }]}>
              <Select
                data-testid="solve-dataset"
                loading={datasets.loading}
                options={(datasets.data ?? []).filter((d) => d.status === 'sealed' && !d.problemCount).map((d) => ({ value: d.datasetId, label: d.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} lg={6}>
            <Form.Item
              name="budgetWan"
              label={t('solveBudgetWan')}
              extra={t('solveBudgetHint')}
              rules={[{ required: true, message: t('solveBudgetHint') }, { validator: (_r, value?: string) => (!value || wanToYuan(value) ? Promise.resolve() : Promise.reject(new Error(t('solveBudgetHint')))) }]}
            >
              {/* Text, not a number input: the budget must reach the API digit for digit. */}
              <Input data-testid="solve-budget" inputMode="decimal" suffix={lang === 'zh' ? '万元' : '× ¥10k'} />
            </Form.Item>
          </Col>
        </Row>
        {content.protection !== undefined && (
          <Form.Item name="baselineRunId" label={t('solveBaseline')} extra={t('solveBaselineHint')}>
            <BaselineRunSelect testId="solve-baseline" runs={baselines.data} loading={baselines.loading} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy === 'solve'} data-testid="solve-start">
          {t('solveStart')}
        </Button>
      </Form>
      {[datasets.error, baselines.error, error].map((e, i) => e !== undefined && <div key={i} style={{ marginTop: 16 }}><ErrorAlert error={e} /></div>)}
      {solution && <SolutionView solution={solution.answer} choice={solution.choice} onMakeDraft={makeDraft} making={busy === 'draft'} />}
    </Card>
  );
}

function SolutionView({ solution, choice, onMakeDraft, making }: { solution: Solution; choice: ParameterChoice; onMakeDraft: () => void; making: boolean }) {
  const { t, lang } = useI18n();
  const value = (text: string | null) => valueText(choice.kind, text, lang, t) ?? '—';
  const step = valueText(choice.kind, solution.step, lang, t) ?? solution.step;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', marginTop: 24 }} data-testid="solve-result">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {choice.label}
      </Typography.Title>
      <SummaryCards
        items={[
          { key: 'solved-value', title: t('solveValue'), value: <span data-testid="solve-value">{value(solution.value)}</span> },
          { key: 'solved-starting', title: t('solveStarting'), value: value(solution.startingValue) },
          { key: 'solved-total', title: t('solveTotal'), value: <span data-testid="solve-total" title={formatYuan(solution.total, lang)}>{formatYuan(solution.total, lang)}</span> },
          { key: 'solved-budget', title: t('solveBudget'), value: formatYuan(solution.budget, lang) },
          { key: 'solved-gap', title: t('solveGap'), value: <span data-testid="solve-gap">{formatYuan(solution.gap, lang)}</span> },
        ]}
      />
      <Typography.Text type="secondary" data-testid="solve-next">
        {t('solveNext', { step })}：{solution.nextTotal === null ? t('solveNextNone') : t('solveNextOver', { total: formatYuan(solution.nextTotal, lang) })}
      </Typography.Text>
      <div>
        <Button type="primary" data-testid="solve-make-draft" loading={making} onClick={onMakeDraft}>
          {t('solveMakeDraft')}
        </Button>
      </div>
      {solution.comparison && (
        <Card size="small" title={t('solveComparison')} data-testid="solve-comparison">
          <SimulationResult result={solution.comparison} />
        </Card>
      )}
    </Space>
  );
}
