import { Card, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { LINE_EFFECTS } from '../../../../domain/attribution-types';
import { Decimal } from '../../../../domain/decimal';
import { ApiError } from '../../api/client';
import { getSchoolAttribution, type AttributionSchoolDetail } from '../../api/attribution';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { classTypeLabel, formatTime } from '../../components/labels';
import { useAsync } from '../../components/useAsync';
import { useText } from '../../components/useText';
import { formatAmount, formatCount, formatSignedPercent } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { AttributionWaterfall } from './AttributionWaterfall';
import { Delta } from './Delta';

type Line = AttributionSchoolDetail['lines'][number];

/** What one line moved by: its five line effects together. */
export const lineChange = (line: Line) => LINE_EFFECTS.reduce((sum, effect) => sum.plus(line.effects[effect]), new Decimal(0)).toFixed();

/**
 * 与上一次批准的拨款相比: on a school's statement, from its previous approved allocation (or the run finance chose)
 * to this one, one bar per effect, then every line that moved with its reasons in words. A school with nothing
 * before is told so, not shown an error.
 */
export function SchoolChangeSection({ runId, schoolId, against }: { runId: string; schoolId: string; against?: string }) {
  const { t, lang } = useI18n();
  const text = useText();
  const loaded = useAsync(() => getSchoolAttribution(runId, schoolId, against), [runId, schoolId, against, lang]);
  const title = loaded.data && !loaded.data.against.default ? text('attribution_view_title_run', { runId: loaded.data.against.runId }) : text('attribution_view_title_previous');

  if (loaded.error instanceof ApiError && loaded.error.code === 'no_previous_run') {
    return (
      <Card title={title} size="small" data-testid="school-change">
        <Typography.Text type="secondary" data-testid="school-change-none">
          {errorText(loaded.error, t, lang)}
        </Typography.Text>
      </Card>
    );
  }
  if (loaded.error !== undefined) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Card title={title} size="small" loading />;
  const { school, against: base } = loaded.data;
  return (
    <Card title={title} size="small" data-testid="school-change">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <div>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }} data-testid="school-change-against">
            {base.lifecycle === 'approved' || base.lifecycle === 'superseded'
              ? text('attribution_view_against_approved', { year: base.fiscalYear, runId: base.runId, at: formatTime(base.approvedAt, lang) })
              : text('attribution_view_against_run', { year: base.fiscalYear, runId: base.runId, state: text(`run_state_${base.lifecycle}`) })}
          </Typography.Paragraph>
          <Typography.Paragraph strong style={{ margin: 0 }} data-testid="school-change-moved">
            {text('attribution_view_moved', { before: school.baseAllocation, after: school.newAllocation, change: school.change })}
            {school.changePercent !== null ? (lang === 'zh' ? `（${formatSignedPercent(school.changePercent)}）` : ` (${formatSignedPercent(school.changePercent)})`) : ''}
          </Typography.Paragraph>
        </div>
        <AttributionWaterfall
          start={school.baseAllocation}
          effects={school.effects}
          end={school.newAllocation}
          startLabel={text('attribution_view_base_bar')}
          endLabel={text('attribution_view_new_bar')}
          testId="school-waterfall"
        />
        <ChangedLines school={school} />
      </Space>
    </Card>
  );
}

/** A school's lines that moved, each with its reasons in words, then its protection and envelope effects. */
export function ChangedLines({ school, testId = 'school-change-lines' }: { school: AttributionSchoolDetail; testId?: string }) {
  const { t, lang } = useI18n();
  const text = useText();
  const before = (value: string | null, after: string | null) => `${value === null ? text('attribution_view_not_funded') : formatAmount(value, 0)} → ${after === null ? text('attribution_view_not_funded') : formatAmount(after, 0)}`;

  const columns: ColumnsType<Line> = [
    { title: t('major'), render: (_, line) => `${line.majorCode} ${line.majorName}`, width: 200 },
    { title: t('classType'), dataIndex: 'classType', render: (value: string) => classTypeLabel(value, lang), width: 110 },
    { title: text('attribution_view_students'), render: (_, line) => `${formatCount(line.baseStudents)} → ${formatCount(line.newStudents)}`, width: 130 },
    { title: text('attribution_view_per_student'), render: (_, line) => before(line.basePerStudent, line.newPerStudent), width: 150 },
    { title: text('attribution_view_line_total'), align: 'right', render: (_, line) => <Delta value={lineChange(line)} />, width: 150 },
    {
      title: text('attribution_view_reasons'),
      render: (_, line) => (
        <ul className="reasons" data-testid="line-reasons">
          {line.explanations.map((explanation) => (
            <li key={explanation.effect}>{explanation.text}</li>
          ))}
        </ul>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      {school.lines.length === 0 ? (
        <Typography.Text type="secondary">{text('attribution_view_unchanged')}</Typography.Text>
      ) : (
        <>
          <Typography.Text strong>{text('attribution_view_lines_title', { count: school.lines.length })}</Typography.Text>
          <Table<Line>
            data-testid={testId}
            rowKey={(line) => `${line.majorCode}|${line.classType}`}
            size="small"
            pagination={school.lines.length > 50 ? { pageSize: 50 } : false}
            dataSource={school.lines}
            columns={columns}
          />
        </>
      )}
      {school.schoolEffects.length > 0 && (
        <div data-testid="school-change-school-effects">
          <Typography.Text strong>{text('attribution_view_school_effects')}</Typography.Text>
          <ul className="reasons">
            {school.schoolEffects.map((effect) => (
              <li key={effect.effect}>{effect.text}</li>
            ))}
          </ul>
        </div>
      )}
    </Space>
  );
}
