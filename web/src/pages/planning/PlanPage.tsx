import { App, Card, Form, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { getVersion, listDatasets, listDrafts, listRuleSets, listVersions, type DatasetHeader, type RuleSetVersion } from '../../api/endpoints';
import { baselineRuns, computePlan, exportPlan, type PlanInput, type PlanView } from '../../api/planning';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n/i18n';
import { PlanBuilder, type RulesOption } from './PlanBuilder';
import { planInputOf, PROJECTED, rulesChoice, type PlanForm, type PlanYearForm } from './planForm';
import { PlanResults } from './PlanResults';

const PLAN_YEARS = [2025, 2026, 2027];

/** 多年度测算 (SPEC §12): a 2025–2027 plan from published versions, drafts and datasets; computed, never stored. */
export function PlanPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanForm>();
  const ruleSets = useAsync(listRuleSets, []);
  const [ruleSetId, setRuleSetId] = useState<string>();
  useEffect(() => {
    if (!ruleSetId && ruleSets.data?.[0]) setRuleSetId(ruleSets.data[0].ruleSetId);
  }, [ruleSets.data, ruleSetId]);
  // A version's fiscal year is inside its rule set, so each is read once: a series has a handful of versions.
  const versions = useAsync(async () => (ruleSetId ? Promise.all((await listVersions(ruleSetId)).map((v) => getVersion(ruleSetId, v.version))) : []), [ruleSetId]);
  const drafts = useAsync(async () => (ruleSetId ? (await listDrafts(ruleSetId)).filter((d) => d.status !== 'published') : []), [ruleSetId]);
  const datasets = useAsync(listDatasets, []);
  const firstYear = Form.useWatch(['years', 0, 'fiscalYear'], form) as number | undefined;
  const baselines = useAsync(() => (ruleSetId && firstYear ? baselineRuns(ruleSetId, firstYear) : Promise.resolve([])), [ruleSetId, firstYear]);
  const [plan, setPlan] = useState<{ input: PlanInput; result: PlanView }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<'compute' | 'export' | null>(null);

  const rulesOptions = useMemo<RulesOption[]>(
    () => [
      ...[...(versions.data ?? [])].sort((a, b) => b.version - a.version).map((v) => ({ value: rulesChoice('version', v.version), kind: 'version' as const, fiscalYear: v.ruleSet.fiscalYear, label: t('planRulesVersion', { version: v.version, year: v.ruleSet.fiscalYear, name: v.ruleSet.name }) })),
      ...(drafts.data ?? []).map((d) => ({ value: rulesChoice('draft', d.draftId), kind: 'draft' as const, label: `${t('planRulesDraft', { draftId: d.draftId })}${d.changeNote ? ` · ${d.changeNote}` : ''}` })),
    ],
    [versions.data, drafts.data, t],
  );
  const categories = useMemo(() => {
    const byCode = new Map<string, string>();
    for (const version of versions.data ?? []) for (const category of version.ruleSet.categories) byCode.set(category.code, category.name);
    return [...byCode].sort(([a], [b]) => a.localeCompare(b)).map(([code, name]) => ({ code, name }));
  }, [versions.data]);

  // A first plan a newcomer can compute at once: each year's latest version and its own year's dataset.
  useEffect(() => {
    if (!versions.data || !datasets.data) return;
    form.setFieldsValue({ name: t('planDefaultName', { first: PLAN_YEARS[0]!, last: PLAN_YEARS.at(-1)! }), years: PLAN_YEARS.map((year, i) => defaultYear(year, i, versions.data!, datasets.data!)) });
    setPlan(undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [versions.data, datasets.data]);

  const compute = async (values: PlanForm) => {
    if (!ruleSetId) return;
    setBusy('compute');
    setError(undefined);
    try {
      const input = planInputOf(values, ruleSetId);
      setPlan({ input, result: await computePlan(input) });
    } catch (failure) {
      setError(failure);
      setPlan(undefined);
    } finally {
      setBusy(null);
    }
  };

  const exportXlsx = async () => {
    if (!plan) return;
    setBusy('export');
    try {
      await exportPlan(plan.input, lang);
    } catch (failure) {
      void message.error(errorText(failure, t));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('planTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('planIntro')}
      </Typography.Paragraph>
      {[ruleSets.error, versions.error, drafts.error, datasets.error, baselines.error].map((e, i) => e !== undefined && <ErrorAlert key={i} error={e} />)}
      <Card loading={!versions.data || !datasets.data}>
        <Space style={{ marginBottom: 16 }}>
          <span>{t('ruleSet')}</span>
          <Select data-testid="plan-ruleset" style={{ minWidth: 320 }} value={ruleSetId} onChange={setRuleSetId} options={(ruleSets.data ?? []).map((r) => ({ value: r.ruleSetId, label: r.name }))} />
        </Space>
        <PlanBuilder
          form={form}
          rules={rulesOptions}
          datasets={datasets.data ?? []}
          categories={categories}
          baselines={baselines.data}
          baselinesLoading={baselines.loading}
          busy={busy === 'compute'}
          onCompute={(values) => void compute(values)}
          onExport={() => void exportXlsx()}
          exporting={busy === 'export'}
          canExport={plan !== undefined}
        />
      </Card>
      {error !== undefined && <ErrorAlert error={error} />}
      {plan && <PlanResults plan={plan.result} />}
    </Space>
  );
}

function defaultYear(fiscalYear: number, index: number, versions: RuleSetVersion[], datasets: DatasetHeader[]): PlanYearForm {
  const version = versions.filter((v) => v.ruleSet.fiscalYear === fiscalYear).sort((a, b) => b.version - a.version)[0];
  const dataset = datasets.filter((d) => d.status === 'sealed' && d.fiscalYear === fiscalYear && !d.problemCount).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  return {
    fiscalYear,
    ...(version ? { rules: rulesChoice('version', version.version) } : {}),
    ...(dataset ? { enrollment: `ds:${dataset.datasetId}` } : index > 0 ? { enrollment: PROJECTED } : {}),
    envelopePolicy: 'none',
  };
}
