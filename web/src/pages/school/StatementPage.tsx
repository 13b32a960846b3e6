import { Alert, Button, Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import type { LineResult } from '../../../../domain/result';
import { getStatement, statementSchool } from '../../api/endpoints';
import { EChart, type ChartOption } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { classTypeLabel, ownershipLabel, schoolTypeLabel } from '../../components/labels';
import { formatTime } from '../../components/labels';
import { ScheduleCard } from '../../components/ScheduleCard';
import { useAsync } from '../../components/useAsync';
import { useText } from '../../components/useText';
import { formatAmount, formatCount, formatRate, formatWanYuan, formatYuan, toChartNumber } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { SchoolChangeSection } from '../attribution/SchoolChangeSection';
import { footnotes, groupAllocations, lineCitations } from './explain';
import { StatementProtection } from '../planning/Protection';

function barOption(groups: { key: string; amount: string }[], unit: string): ChartOption {
  return {
    animation: false,
    grid: { left: 8, right: 48, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (value: number) => `${value.toFixed(2)} ${unit}` },
    xAxis: { type: 'value', name: unit },
    yAxis: { type: 'category', data: groups.map((g) => g.key), inverse: true },
    series: [
      {
        type: 'bar',
        data: groups.map((g) => toChartNumber(g.amount) / 10_000),
        itemStyle: { color: '#b7202e' },
        label: { show: true, position: 'right', formatter: ({ value }: { value: number }) => value.toFixed(2) },
      },
    ],
  };
}

export function StatementPage({ runId, schoolId, against }: { runId: string; schoolId: string; against?: string | undefined }) {
  const { t, lang } = useI18n();
  const text = useText();
  const loaded = useAsync(() => getStatement(runId, schoolId, lang), [runId, schoolId, lang]);
  const expanded = useMemo(() => (loaded.data ? statementSchool(loaded.data) : undefined), [loaded.data]);
  const lines = expanded?.lines ?? [];
  const unit = lang === 'zh' ? '万元' : '¥10k';
  const byCategory = useMemo(() => barOption(groupAllocations(lines, (l) => l.categoryName), unit), [lines, unit]);
  const byClassType = useMemo(() => barOption(groupAllocations(lines, (l) => classTypeLabel(l.classType, lang)), unit), [lines, unit, lang]);

  if (loaded.error !== undefined) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Card loading />;
  const { statement, approval, supersededBy, lifecycle } = loaded.data;
  const school = expanded!;
  // The engine writes each line's statement; the console shows it beside the figures, matched by file row.
  const lineText = new Map(statement.lines.map((line) => [line.row, line.text]));
  const [title = school.schoolName, ...headerLines] = statement.header;
  const notes = footnotes(statement.basis, lines);

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
      <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="statement-title">
            {title}
          </Typography.Title>
          {headerLines.map((line) => (
            <Typography.Paragraph key={line} type="secondary" style={{ margin: 0 }}>
              {line}
            </Typography.Paragraph>
          ))}
        </div>
        <Button className="no-print" onClick={() => window.print()} data-testid="print">
          {t('printStatement')}
        </Button>
      </Space>
      {lifecycle === 'superseded' && supersededBy && (
        <Alert type="warning" showIcon data-testid="statement-superseded" title={text('school_allocation_superseded', { runId: supersededBy.runId })} />
      )}
      {approval && (
        <Alert
          type={lifecycle === 'superseded' ? 'info' : 'success'}
          data-testid="statement-approval"
          title={text('run_approved_line', { by: approval.by, at: formatTime(approval.at, lang) })}
          description={approval.comment ? text('run_comment_line', { comment: approval.comment }) : undefined}
        />
      )}
      <Descriptions bordered size="small" column={3}>
        <Descriptions.Item label={t('schoolId')}>{school.schoolId}</Descriptions.Item>
        <Descriptions.Item label={t('schoolType')}>{schoolTypeLabel(school.schoolType, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('ownership')}>{ownershipLabel(school.ownership, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('students')}>{formatCount(school.students)}</Descriptions.Item>
        <Descriptions.Item label={t('statementTotal')} span={2}>
          <strong className="amount" data-testid="statement-total">
            {formatYuan(school.allocation, lang)}
          </strong>{' '}
          （{formatWanYuan(school.allocation, lang)}）
        </Descriptions.Item>
      </Descriptions>
      {statement.ineligibility && <Tag color="red">{statement.ineligibility}</Tag>}
      <ScheduleCard testId="statement-schedule" rows={loaded.data.instalments ?? []} />
      {statement.share && <Typography.Text type="secondary">{statement.share}</Typography.Text>}
      <StatementProtection protection={school.protection} text={statement.protection} />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Card title={t('byCategory')} size="small">
            <EChart option={byCategory} height={Math.max(160, 40 * new Set(lines.map((l) => l.categoryName)).size)} testId="chart-category" />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={t('byClassType')} size="small">
            <EChart option={byClassType} height={Math.max(160, 40 * new Set(lines.map((l) => l.classType)).size)} testId="chart-classtype" />
          </Card>
        </Col>
      </Row>
      <SchoolChangeSection runId={runId} schoolId={schoolId} {...(against ? { against } : {})} />
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
            expandedRowRender: (line) => (
              <div data-testid="line-explanation">
                <div>{lineText.get(line.row) ?? ''}</div>
                {lineCitations(line).length > 0 && (
                  <div className="explanation-clause" data-testid="policy-clause">
                    {t('policyClause')}{lang === 'zh' ? '：' : ': '}
                    {lineCitations(line).map((citation, i) => (
                      <span key={i} title={citation.source}>
                        {i > 0 ? '；' : ''}
                        {citation.rule} <sup>[{notes.get(citation.source)}]</sup>
                      </span>
                    ))}
                  </div>
                )}
              </div>
            ),
          }}
        />
        <Typography.Paragraph strong style={{ marginTop: 12 }}>
          {statement.total}
        </Typography.Paragraph>
      </Card>
      {notes.size > 0 && (
        <Card title={t('policyClause')} size="small">
          <ol data-testid="statement-basis" className="footnotes">
            {[...notes].map(([source, number]) => (
              <li key={number} value={number}>
                {statement.basis.filter((c) => c.source === source).map((c) => c.rule).join('、')}
                {statement.basis.some((c) => c.source === source) ? '：' : ''}
                {source}
              </li>
            ))}
          </ol>
        </Card>
      )}
    </Space>
  );
}
