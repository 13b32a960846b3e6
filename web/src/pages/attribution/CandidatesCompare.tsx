import { Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { EFFECT_CODES, EFFECTS } from '../../../../domain/attribution-types';
import { simulateCandidates, type SideBySide, type SimulationRequest } from '../../api/attribution';
import { listDrafts, type DraftView } from '../../api/endpoints';
import { EChart, type ChartOption } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../components/useAsync';
import { useText } from '../../components/useText';
import { compareDecimals, formatAmount, toChartNumber } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { Delta } from './Delta';

/** What the API takes at most; the console offers no more. */
const MAX_CANDIDATES = 4;

type SchoolRow = SideBySide['schools'][number];
interface TotalsRow {
  key: string;
  item: string;
  values: { text: string; amount?: string }[];
}

/**
 * Up to four candidate rule sets (this draft and other drafts of the rule set) against the same base version on the
 * simulation's enrolment and envelope, side by side: each one's total, change, gainers and losers and the seven
 * effects, and every school with one column per candidate.
 */
export function CandidatesCompare({ request, ruleSetId, draft }: { request: Omit<SimulationRequest, 'candidate'>; ruleSetId: string; draft: DraftView }) {
  const { t, lang } = useI18n();
  const text = useText();
  const drafts = useAsync(() => listDrafts(ruleSetId), [ruleSetId]);
  const [chosen, setChosen] = useState<string[]>([draft.draftId]);
  const [result, setResult] = useState<SideBySide>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const labelOf = (draftId: string) => (draftId === draft.draftId ? text('attribution_view_candidate_this') : text('attribution_view_candidate_draft', { draftId }));
  const options = useMemo(
    () =>
      [draft, ...(drafts.data ?? []).filter((d) => d.draftId !== draft.draftId && d.status !== 'published')].map((d) => ({
        value: d.draftId,
        label: `${labelOf(d.draftId)}${d.changeNote ? ` · ${d.changeNote}` : ''}`,
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [drafts.data, draft.draftId, lang],
  );

  const compare = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await simulateCandidates(request, chosen.map((draftId) => ({ draftId, ruleSetId, label: labelOf(draftId) }))));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={text('attribution_view_candidates_title', { max: MAX_CANDIDATES })} data-testid="candidates-compare">
      <Space wrap>
        <span>{text('attribution_view_candidates_pick')}</span>
        <Select
          data-testid="candidates-pick"
          mode="multiple"
          maxCount={MAX_CANDIDATES}
          style={{ minWidth: 420 }}
          loading={drafts.loading}
          value={chosen}
          options={options}
          onChange={setChosen}
        />
        <Button type="primary" data-testid="candidates-run" loading={busy} disabled={chosen.length === 0} onClick={() => void compare()}>
          {text('attribution_view_candidates_run')}
        </Button>
      </Space>
      {error !== undefined && (
        <div style={{ marginTop: 16 }}>
          <ErrorAlert error={error} />
        </div>
      )}
      {result && <SideBySideResult result={result} />}
    </Card>
  );
}

function SideBySideResult({ result }: { result: SideBySide }) {
  const { t, lang } = useI18n();
  const text = useText();
  const [query, setQuery] = useState('');
  const effectName = (effect: (typeof EFFECTS)[number]) => text(EFFECT_CODES[effect]);
  const totals: TotalsRow[] = [
    { key: 'total', item: text('attribution_view_candidate_total'), values: result.candidates.map((c) => ({ text: formatAmount(c.totals.newAllocation), amount: undefined })) },
    { key: 'change', item: text('attribution_view_col_change'), values: result.candidates.map((c) => ({ text: '', amount: c.totals.change })) },
    ...EFFECTS.map((effect) => ({ key: effect, item: effectName(effect), values: result.candidates.map((c) => ({ text: '', amount: c.totals.effects[effect] })) })),
    { key: 'gainers', item: t('gainers'), values: result.candidates.map((c) => ({ text: String(c.schoolsGaining) })) },
    { key: 'losers', item: t('losers'), values: result.candidates.map((c) => ({ text: String(c.schoolsLosing) })) },
    { key: 'unchanged', item: t('unchanged'), values: result.candidates.map((c) => ({ text: String(c.schoolsUnchanged) })) },
  ];
  const totalColumns: ColumnsType<TotalsRow> = [
    { title: text('attribution_view_item'), dataIndex: 'item', width: 240 },
    ...result.candidates.map((candidate, i) => ({
      title: candidate.label,
      key: `candidate-${i}`,
      align: 'right' as const,
      render: (_: unknown, row: TotalsRow) => (row.values[i]!.amount !== undefined ? <Delta value={row.values[i]!.amount!} /> : <span className="amount">{row.values[i]!.text}</span>),
    })),
  ];
  const needle = query.trim().toLowerCase();
  const schools = needle ? result.schools.filter((s) => s.schoolId.toLowerCase().includes(needle) || s.schoolName.toLowerCase().includes(needle)) : result.schools;
  const schoolColumns: ColumnsType<SchoolRow> = [
    { title: t('schoolId'), dataIndex: 'schoolId', sorter: (a, b) => a.schoolId.localeCompare(b.schoolId), width: 110 },
    { title: t('schoolName'), dataIndex: 'schoolName', width: 200 },
    { title: t('baseAllocation'), dataIndex: 'baseAllocation', align: 'right', render: (v: string) => <span className="amount">{formatAmount(v)}</span> },
    ...result.candidates.map((candidate, i) => ({
      title: candidate.label,
      key: `candidate-${i}`,
      align: 'right' as const,
      sorter: (a: SchoolRow, b: SchoolRow) => compareDecimals(a.candidates[i]!.change, b.candidates[i]!.change),
      render: (_: unknown, school: SchoolRow) => <Delta value={school.candidates[i]!.change} testId={`candidate-change-${i}`} />,
    })),
  ];
  const chart: ChartOption = {
    animation: false,
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: EFFECTS.map(effectName), axisLabel: { interval: 0, width: 84, overflow: 'break', fontSize: 11 } },
    yAxis: { type: 'value', name: lang === 'zh' ? '万元' : '¥10k' },
    series: result.candidates.map((candidate) => ({ type: 'bar', name: candidate.label, data: EFFECTS.map((effect) => toChartNumber(candidate.totals.effects[effect]) / 10_000) })),
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', marginTop: 16 }} data-testid="candidates-result">
      <Typography.Text type="secondary">
        {t('baseTotal')}: {formatAmount(result.base.totalAllocation)} · {result.base.name} v{result.base.version}
      </Typography.Text>
      <Table<TotalsRow> data-testid="candidates-totals" size="small" rowKey="key" pagination={false} dataSource={totals} columns={totalColumns} />
      <EChart option={chart} height={300} testId="candidates-chart" />
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Text strong>{text('attribution_view_candidates_schools')}</Typography.Text>
        <Input.Search data-testid="candidates-search" allowClear placeholder={text('attribution_view_search')} style={{ width: 260 }} onSearch={setQuery} />
      </Space>
      <Table<SchoolRow> data-testid="candidates-schools" size="small" rowKey="schoolId" scroll={{ x: 'max-content' }} dataSource={schools} columns={schoolColumns} pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }} />
    </Space>
  );
}
