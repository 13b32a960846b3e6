import { Button, Card, Col, Form, Input, Radio, Row, Select, Space, Table } from 'antd';
import { useMemo, useState } from 'react';
import { simulateAttributed, type Simulation, type SimulationRequest } from '../../api/attribution';
import { listDatasets, type Comparison, type DraftView, type SchoolComparison } from '../../api/endpoints';
import { CandidatesCompare } from '../attribution/CandidatesCompare';
import { Delta } from '../attribution/Delta';
import { SimulationAttribution } from '../attribution/SimulationAttribution';
import { EChart, type ChartOption } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { schoolTypeLabel } from '../../components/labels';
import { RuleSetDiffView } from '../../components/RuleSetDiffView';
import { SummaryCards } from '../../components/SummaryCards';
import { useAsync } from '../../components/useAsync';
import { compareDecimals, formatAmount, formatSignedPercent, formatSignedYuan, formatWanYuan, toChartNumber } from '../../format/money';
import { useI18n } from '../../i18n/i18n';

interface SimulationForm {
  datasetId: string;
  policy: 'none' | 'cap' | 'exact';
  budget?: string;
}

const UP = '#cf1322';
const DOWN = '#389e0d';


const withoutCandidate = ({ candidate: _candidate, ...rest }: SimulationRequest) => rest;

export function SimulationPanel({ ruleSetId, draft, beforeSimulate }: { ruleSetId: string; draft: DraftView; beforeSimulate: () => Promise<DraftView> }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<SimulationForm>();
  const datasets = useAsync(listDatasets, []);
  const policy = Form.useWatch('policy', form);
  const [simulated, setSimulated] = useState<{ simulation: Simulation; request: SimulationRequest }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const start = async (values: SimulationForm) => {
    setBusy(true);
    setError(undefined);
    try {
      const saved = await beforeSimulate();
      const request: SimulationRequest = {
        ruleSetId,
        baseVersion: saved.baseVersion ?? 1,
        candidate: { ruleSetId, draftId: saved.draftId },
        datasetId: values.datasetId,
        envelope: values.policy === 'none' ? { policy: 'none' } : { policy: values.policy, budget: values.budget?.trim() ?? '' },
      };
      setSimulated({ simulation: await simulateAttributed(request), request });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={`${t('simulateTitle')} (v${draft.baseVersion ?? '?'})`} className="no-print">
      <Form<SimulationForm> form={form} layout="inline" initialValues={{ policy: 'none' }} onFinish={start}>
        <Form.Item name="datasetId" label={t('dataset')} rules={[{ required: true }]}>
          <Select
            data-testid="simulate-dataset"
            style={{ minWidth: 260 }}
            loading={datasets.loading}
            options={(datasets.data ?? []).filter((d) => d.status === 'sealed' && !d.problemCount).map((d) => ({ value: d.datasetId, label: d.name }))}
          />
        </Form.Item>
        <Form.Item name="policy" label={t('envelopePolicy')}>
          <Radio.Group role="radiogroup" aria-label={t('envelopePolicy')} options={(['none', 'cap', 'exact'] as const).map((value) => ({ value, label: t(`envelope_${value}`) }))} />
        </Form.Item>
        {policy && policy !== 'none' && (
          <Form.Item name="budget" label={t('budget')} rules={[{ required: true, pattern: /^\d+(\.\d{1,2})?$/, message: t('budgetHint') }]}>
            <Input inputMode="decimal" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="simulate">
          {t('simulate')}
        </Button>
      </Form>
      {error !== undefined && <div style={{ marginTop: 16 }}><ErrorAlert error={error} /></div>}
      {simulated && <SimulationResult result={simulated.simulation.comparison} extremes={simulated.simulation.extremes} />}
      {simulated && (
        <Space orientation="vertical" size="large" style={{ width: '100%', marginTop: 24 }}>
          <SimulationAttribution simulation={simulated.simulation} request={simulated.request} />
          <CandidatesCompare request={withoutCandidate(simulated.request)} ruleSetId={ruleSetId} draft={draft} />
        </Space>
      )}
      {datasets.error !== undefined && <ErrorAlert error={datasets.error} />}
    </Card>
  );
}

/** The schools gaining and losing most, largest first each (a kept simulation sends these instead of every school). */
type Extremes = { gaining: SchoolComparison[]; losing: SchoolComparison[] };

/**
 * A comparison's totals, chart, groups and rule changes. With every school (a plan's solution) it also lists them;
 * a kept simulation sends only the schools gaining and losing most (`extremes`) and pages its schools on the server
 * in the attribution's table instead.
 */
export function SimulationResult({ result, extremes }: { result: Omit<Comparison, 'lines' | 'schools'> & { schools?: SchoolComparison[] }; extremes?: Extremes }) {
  const { t, lang } = useI18n();
  const summary = result.summary;
  const unit = lang === 'zh' ? '万元' : '¥10k';

  const gainersLosers = useMemo<ChartOption>(() => {
    let shown: SchoolComparison[];
    if (extremes) shown = [...extremes.gaining, ...[...extremes.losing].reverse()];
    else {
      const moved = (result.schools ?? []).filter((s) => compareDecimals(s.delta, '0') !== 0).sort((a, b) => compareDecimals(b.delta, a.delta));
      shown = moved.length > 30 ? [...moved.slice(0, 15), ...moved.slice(-15)] : moved;
    }
    return {
      animation: false,
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (value: number) => `${value.toFixed(2)} ${unit}` },
      xAxis: { type: 'value', name: unit },
      yAxis: { type: 'category', data: shown.map((s) => s.schoolName), inverse: true },
      series: [
        {
          type: 'bar',
          data: shown.map((s) => {
            const value = toChartNumber(s.delta) / 10_000;
            return { value, itemStyle: { color: value >= 0 ? UP : DOWN } };
          }),
        },
      ],
    };
  }, [result, extremes, unit]);

  const byCategory = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (value: number) => `${value.toFixed(2)} ${unit}` },
      xAxis: { type: 'value', name: unit },
      yAxis: { type: 'category', data: result.byCategory.map((c) => c.categoryName), inverse: true },
      series: [
        {
          type: 'bar',
          data: result.byCategory.map((c) => {
            const value = toChartNumber(c.delta) / 10_000;
            return { value, itemStyle: { color: value >= 0 ? UP : DOWN } };
          }),
        },
      ],
    }),
    [result, unit],
  );

  const movedCount = summary.schoolsGaining + summary.schoolsLosing;
  const schools = result.schools;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', marginTop: 24 }} data-testid="simulation-result">
      <SummaryCards
        items={[
          { key: 'base', title: t('baseTotal'), value: formatWanYuan(summary.baseTotalAllocation, lang) },
          { key: 'candidate', title: t('candidateTotal'), value: formatWanYuan(summary.candidateTotalAllocation, lang) },
          {
            key: 'change',
            title: t('totalChange'),
            value: `${formatSignedYuan(summary.totalChange, lang)}${summary.totalChangePercent !== null ? ` (${formatSignedPercent(summary.totalChangePercent)})` : ''}`,
          },
          { key: 'gainers', title: t('gainers'), value: String(summary.schoolsGaining) },
          { key: 'losers', title: t('losers'), value: String(summary.schoolsLosing) },
          { key: 'unchanged', title: t('unchanged'), value: String(summary.schoolsUnchanged) },
        ]}
      />
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('gainersLosers')}>
            <EChart option={gainersLosers} height={Math.max(200, 28 * Math.min(30, movedCount))} testId="chart-gainers-losers" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('changeByCategory')}>
            <EChart option={byCategory} height={Math.max(200, 36 * result.byCategory.length)} testId="chart-by-category" />
            <Table
              size="small"
              rowKey="categoryCode"
              pagination={false}
              dataSource={result.byCategory}
              data-testid="category-delta-table"
              columns={[
                { title: t('category'), render: (_: unknown, c: Comparison['byCategory'][number]) => `${c.categoryCode} ${c.categoryName}` },
                { title: t('baseAllocation'), dataIndex: 'baseAllocation', align: 'right', render: (v: string) => <span className="amount">{formatAmount(v)}</span> },
                { title: t('candidateAllocation'), dataIndex: 'candidateAllocation', align: 'right', render: (v: string) => <span className="amount">{formatAmount(v)}</span> },
                { title: t('delta'), dataIndex: 'delta', align: 'right', render: (v: string) => <Delta value={v} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {schools && (
        <Card size="small" title={t('perSchoolDelta')}>
          <Table<SchoolComparison>
            data-testid="school-delta-table"
            size="small"
            rowKey="schoolId"
            dataSource={schools}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('schoolId'), dataIndex: 'schoolId', sorter: (a, b) => a.schoolId.localeCompare(b.schoolId) },
              { title: t('schoolName'), dataIndex: 'schoolName' },
              {
                title: t('schoolType'),
                dataIndex: 'schoolType',
                render: (v: string) => schoolTypeLabel(v, lang),
                filters: [...new Set(schools.map((s) => s.schoolType))].map((v) => ({ text: schoolTypeLabel(v, lang), value: v })),
                onFilter: (value, s) => s.schoolType === value,
              },
              { title: t('baseAllocation'), dataIndex: 'baseAllocation', align: 'right', render: (v: string) => <span className="amount">{formatAmount(v)}</span> },
              { title: t('candidateAllocation'), dataIndex: 'candidateAllocation', align: 'right', render: (v: string) => <span className="amount">{formatAmount(v)}</span> },
              { title: t('delta'), dataIndex: 'delta', align: 'right', render: (v: string) => <Delta value={v} />, sorter: (a, b) => compareDecimals(a.delta, b.delta), defaultSortOrder: 'descend' },
              {
                title: t('deltaPercent'),
                dataIndex: 'deltaPercent',
                align: 'right',
                render: (v: string | null) => (v === null ? '—' : formatSignedPercent(v)),
                sorter: (a, b) => compareDecimals(a.deltaPercent ?? '0', b.deltaPercent ?? '0'),
              },
            ]}
          />
        </Card>
      )}
      <Card size="small" title={t('diffTitle')}>
        <RuleSetDiffView diff={result.ruleSetDiff} />
      </Card>
    </Space>
  );
}
