import { Button, Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import type { LineResult } from '../../../../domain/result';
import { getStatement } from '../../api/endpoints';
import { EChart, type ChartOption } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { classTypeLabel, ownershipLabel, schoolTypeLabel } from '../../components/labels';
import { useAsync } from '../../components/useAsync';
import { formatAmount, formatCount, formatRate, formatWanYuan, formatYuan, toChartNumber } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { explainLine, groupAllocations } from './explain';

function barOption(groups: { key: string; amount: string }[], unit: string): ChartOption {
  return {
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: unit },
    yAxis: { type: 'category', data: groups.map((g) => g.key), inverse: true },
    series: [{ type: 'bar', data: groups.map((g) => toChartNumber(g.amount) / 10_000), itemStyle: { color: '#b7202e' }, label: { show: true, position: 'right', formatter: '{c}' } }],
    animation: false,
  };
}

export function StatementPage({ runId, schoolId }: { runId: string; schoolId: string }) {
  const { t, lang } = useI18n();
  const statement = useAsync(() => getStatement(runId, schoolId), [runId, schoolId]);
  const lines = statement.data?.lines ?? [];
  const unit = lang === 'zh' ? '万元' : '¥10k';
  const byCategory = useMemo(() => barOption(groupAllocations(lines, (l) => l.categoryName), unit), [lines, unit]);
  const byClassType = useMemo(() => barOption(groupAllocations(lines, (l) => classTypeLabel(l.classType, lang)), unit), [lines, unit, lang]);

  if (statement.error !== undefined) return <ErrorAlert error={statement.error} onRetry={statement.reload} />;
  if (!statement.data) return <Card loading />;
  const school = statement.data;
  const run = school.run;

  const columns: ColumnsType<LineResult> = [
    { title: t('major'), render: (_, line) => `${line.majorCode} ${line.majorName}` },
    { title: t('category'), render: (_, line) => `${line.categoryName}（${line.tierName || line.tier}）` },
    { title: t('classType'), dataIndex: 'classType', render: (value: string) => classTypeLabel(value, lang) },
    { title: t('students'), dataIndex: 'students', align: 'right', render: formatCount },
    { title: t('baseStandard'), dataIndex: 'baseStandard', align: 'right', render: (v: string) => <span className="amount">{formatAmount(v)}</span> },
    { title: t('bandedStandard'), dataIndex: 'bandedStandard', align: 'right', render: (v: string) => <span className="amount">{formatAmount(v)}</span> },
    {
      title: t('upliftsApplied'),
      render: (_, line) =>
        line.uplifts.length ? line.uplifts.map((u) => <Tag key={u.id}>{u.rate !== undefined ? `${u.name} +${formatRate(u.rate)}` : `${u.name} +${formatAmount(u.amountPerStudent ?? '0')}`}</Tag>) : t('none'),
    },
    { title: t('perStudent'), dataIndex: 'perStudent', align: 'right', render: (v: string) => <span className="amount">{formatAmount(v)}</span> },
    { title: t('allocation'), dataIndex: 'allocation', align: 'right', render: (v: string) => <span className="amount">{formatAmount(v)}</span> },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="statement">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="statement-title">
          {t('statementTitle', { school: school.schoolName, year: run?.request.fiscalYear ?? '' })}
        </Typography.Title>
        <Button className="no-print" onClick={() => window.print()} data-testid="print">
          {t('printStatement')}
        </Button>
      </Space>
      <Descriptions bordered size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('schoolId')}>{school.schoolId}</Descriptions.Item>
        <Descriptions.Item label={t('schoolType')}>{schoolTypeLabel(school.schoolType, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('ownership')}>{ownershipLabel(school.ownership, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('students')}>{formatCount(school.students)}</Descriptions.Item>
        <Descriptions.Item label={t('statementTotal')}>
          <strong className="amount" data-testid="statement-total">
            {formatYuan(school.allocation, lang)}
          </strong>{' '}
          （{formatWanYuan(school.allocation, lang)}）
        </Descriptions.Item>
        <Descriptions.Item label={t('ruleSet')}>
          {run?.summary?.ruleSet.name} {run ? `v${run.request.version}` : ''}
        </Descriptions.Item>
      </Descriptions>
      {!school.eligible && <Tag color="red">{t('ineligible', { reason: school.reason ?? '' })}</Tag>}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Card title={t('byCategory')} size="small">
            <EChart option={byCategory} height={Math.max(160, 48 * new Set(lines.map((l) => l.categoryName)).size)} testId="chart-category" />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={t('byClassType')} size="small">
            <EChart option={byClassType} height={Math.max(160, 48 * new Set(lines.map((l) => l.classType)).size)} testId="chart-classtype" />
          </Card>
        </Col>
      </Row>
      <Card title={t('explanation')} size="small">
        <Table<LineResult>
          data-testid="statement-lines"
          rowKey="row"
          size="small"
          pagination={false}
          dataSource={lines}
          columns={columns}
          expandable={{
            defaultExpandAllRows: true,
            expandedRowRender: (line) => <LineExplanation line={line} fallbackSource={run?.summary?.ruleSet.source} />,
          }}
        />
      </Card>
    </Space>
  );
}

function LineExplanation({ line, fallbackSource }: { line: LineResult; fallbackSource?: string }) {
  const { t, lang } = useI18n();
  const clauses = line.uplifts.filter((u) => u.source).map((u) => `${u.name}：${u.source}`);
  if (fallbackSource) clauses.unshift(fallbackSource);
  return (
    <div data-testid="line-explanation">
      <div>{explainLine(line, t, lang).join('；')}。</div>
      {line.reason && <div>{t('ineligible', { reason: line.reason })}</div>}
      {clauses.length > 0 && (
        <div className="explanation-clause" data-testid="policy-clause">
          {t('policyClause')}：{clauses.join('；')}
        </div>
      )}
    </div>
  );
}
