import { Card, Col, Input, Row, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { EFFECT_CODES, EFFECTS, LINE_EFFECTS, type Effect } from '../../../../domain/attribution-types';
import { simulatedSchool, type AttributionSchoolRow, type Simulation, type SimulationRequest } from '../../api/attribution';
import type { SchoolComparison } from '../../api/endpoints';
import { ErrorAlert } from '../../components/ErrorAlert';
import { classTypeLabel, schoolTypeLabel } from '../../components/labels';
import { useAsync } from '../../components/useAsync';
import { useText } from '../../components/useText';
import { compareDecimals, formatAmount, formatSignedPercent } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { AttributionWaterfall } from './AttributionWaterfall';
import { Delta } from './Delta';
import { ChangedLines } from './SchoolChangeSection';

type Group = Simulation['attribution']['byClassType'][number] | Simulation['attribution']['byCategory'][number];

/**
 * Why the draft moves each school's money (SPEC §9) on the simulation's enrolment: the totals per effect as a
 * waterfall from the base rules to the candidate's, every school with its effects (a row opens its lines and their
 * reasons, fetched on demand: a national simulation's lines would not fit one answer), the effects per class type
 * and category, and the largest changes.
 */
export function SimulationAttribution({ simulation, request }: { simulation: Simulation; request: SimulationRequest }) {
  const { t, lang } = useI18n();
  const text = useText();
  const { attribution, comparison } = simulation;
  const [query, setQuery] = useState('');
  // An effect no school has (enrolment, on one dataset) would be a column of zeros.
  const shown = useMemo(() => EFFECTS.filter((effect) => attribution.schools.some((s) => s.effects[effect] !== '0')), [attribution]);
  const schools = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return needle ? attribution.schools.filter((s) => s.schoolId.toLowerCase().includes(needle) || s.schoolName.toLowerCase().includes(needle)) : attribution.schools;
  }, [attribution, query]);
  const effectTitle = (effect: Effect) => text('attribution_view_col_effect', { name: text(EFFECT_CODES[effect]) });

  const columns: ColumnsType<AttributionSchoolRow> = [
    { title: t('schoolId'), dataIndex: 'schoolId', sorter: (a, b) => a.schoolId.localeCompare(b.schoolId), width: 110 },
    { title: t('schoolName'), dataIndex: 'schoolName', width: 200 },
    { title: t('baseAllocation'), dataIndex: 'baseAllocation', align: 'right', render: (v: string) => <span className="amount">{formatAmount(v)}</span> },
    { title: t('candidateAllocation'), dataIndex: 'newAllocation', align: 'right', render: (v: string) => <span className="amount">{formatAmount(v)}</span> },
    { title: t('delta'), dataIndex: 'change', align: 'right', render: (v: string) => <Delta value={v} />, sorter: (a, b) => compareDecimals(a.change, b.change), defaultSortOrder: 'descend' },
    ...shown.map((effect) => ({
      title: effectTitle(effect),
      key: effect,
      align: 'right' as const,
      render: (_: unknown, s: AttributionSchoolRow) => <Delta value={s.effects[effect]} testId={`sim-effect-${effect}`} />,
      sorter: (a: AttributionSchoolRow, b: AttributionSchoolRow) => compareDecimals(a.effects[effect], b.effects[effect]),
    })),
  ];

  const groupColumns = (key: ColumnsType<Group>[number]): ColumnsType<Group> => [
    key,
    ...LINE_EFFECTS.filter((effect) => shown.includes(effect)).map((effect) => ({ title: effectTitle(effect), key: effect, align: 'right' as const, render: (_: unknown, g: Group) => <Delta value={g.effects[effect]} /> })),
    { title: text('attribution_view_col_change'), key: 'total', align: 'right' as const, render: (_: unknown, g: Group) => <Delta value={g.total} /> },
  ];

  return (
    <Card size="small" title={text('attribution_view_sim_title')} data-testid="simulation-attribution">
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Typography.Text type="secondary" data-testid="simulation-attribution-counts">
          {text('attribution_view_counts', { gaining: attribution.summary.schoolsGaining, losing: attribution.summary.schoolsLosing, unchanged: attribution.summary.schoolsUnchanged })}
        </Typography.Text>
        <AttributionWaterfall
          start={attribution.totals.baseAllocation}
          effects={attribution.totals.effects}
          end={attribution.totals.newAllocation}
          startLabel={text('attribution_view_base_rules_bar')}
          endLabel={text('attribution_view_candidate_rules_bar')}
          testId="simulation-waterfall"
        />
        <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
          <Typography.Text strong>
            {text('attribution_view_per_school')} <Typography.Text type="secondary">{text('attribution_view_expand_hint')}</Typography.Text>
          </Typography.Text>
          <Input.Search data-testid="simulation-attribution-search" allowClear placeholder={text('attribution_view_search')} style={{ width: 260 }} onSearch={setQuery} />
        </Space>
        <Table<AttributionSchoolRow>
          data-testid="simulation-attribution-schools"
          rowKey="schoolId"
          size="small"
          scroll={{ x: 'max-content' }}
          dataSource={schools}
          columns={columns}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          expandable={{
            rowExpandable: (s) => s.lineCount > 0 || s.effects.protection !== '0' || s.effects.envelope !== '0',
            expandedRowRender: (s) => <SimulatedSchoolLines request={request} schoolId={s.schoolId} />,
          }}
        />
        <Row gutter={16}>
          <Col xs={24} xl={12}>
            <Typography.Text strong>{text('attribution_view_by_class_type')}</Typography.Text>
            <Table<Group>
              data-testid="simulation-by-class-type"
              size="small"
              rowKey={(g) => ('classType' in g ? g.classType : g.categoryCode)}
              pagination={false}
              dataSource={attribution.byClassType}
              columns={groupColumns({ title: t('classType'), key: 'classType', render: (_: unknown, g: Group) => ('classType' in g ? classTypeLabel(g.classType, lang) : '') })}
            />
          </Col>
          <Col xs={24} xl={12}>
            <Typography.Text strong>{t('byCategory')}</Typography.Text>
            <Table<Group>
              data-testid="simulation-by-category"
              size="small"
              rowKey={(g) => ('categoryCode' in g ? g.categoryCode : g.classType)}
              pagination={false}
              dataSource={attribution.byCategory}
              columns={groupColumns({ title: t('category'), key: 'category', render: (_: unknown, g: Group) => ('categoryCode' in g ? `${g.categoryCode} ${g.categoryName}` : '') })}
            />
          </Col>
        </Row>
        <div>
          <Typography.Text strong>{text('attribution_view_largest')}</Typography.Text>
          <Table<SchoolComparison>
            data-testid="simulation-largest-changes"
            size="small"
            rowKey="schoolId"
            pagination={false}
            dataSource={comparison.largestChanges}
            columns={[
              { title: t('schoolId'), dataIndex: 'schoolId' },
              { title: t('schoolName'), dataIndex: 'schoolName' },
              { title: t('schoolType'), dataIndex: 'schoolType', render: (v: string) => schoolTypeLabel(v, lang) },
              { title: t('baseAllocation'), dataIndex: 'baseAllocation', align: 'right', render: (v: string) => <span className="amount">{formatAmount(v)}</span> },
              { title: t('candidateAllocation'), dataIndex: 'candidateAllocation', align: 'right', render: (v: string) => <span className="amount">{formatAmount(v)}</span> },
              { title: t('delta'), dataIndex: 'delta', align: 'right', render: (v: string) => <Delta value={v} /> },
              { title: t('deltaPercent'), dataIndex: 'deltaPercent', align: 'right', render: (v: string | null) => (v === null ? '—' : formatSignedPercent(v)) },
            ]}
          />
        </div>
      </Space>
    </Card>
  );
}

/** One school's lines of the simulation with their reasons, asked for when its row opens. */
function SimulatedSchoolLines({ request, schoolId }: { request: SimulationRequest; schoolId: string }) {
  const { lang } = useI18n();
  const loaded = useAsync(() => simulatedSchool(request, schoolId), [schoolId, lang]);
  if (loaded.error !== undefined) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Card loading size="small" variant="borderless" />;
  return (
    <div data-testid={`simulation-school-lines-${schoolId}`}>
      <ChangedLines school={loaded.data} testId="simulation-school-lines" />
    </div>
  );
}
