import { Card, Col, Row, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo } from 'react';
import { EFFECT_CODES, EFFECTS, LINE_EFFECTS, type Effect } from '../../../../domain/attribution-types';
import { simulatedSchool, type Simulation, type SimulationRequest } from '../../api/attribution';
import type { SchoolComparison } from '../../api/endpoints';
import { ErrorAlert } from '../../components/ErrorAlert';
import { classTypeLabel, schoolTypeLabel } from '../../components/labels';
import { useAsync } from '../../components/useAsync';
import { useText } from '../../components/useText';
import { formatAmount, formatSignedPercent } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { AttributionWaterfall } from './AttributionWaterfall';
import { Delta } from './Delta';
import { ChangedLines } from './SchoolChangeSection';
import { SimulatedSchoolsTable } from './SimulatedSchoolsTable';

type Group = Simulation['attribution']['byClassType'][number] | Simulation['attribution']['byCategory'][number];

/**
 * Why the draft moves each school's money (SPEC §9) on the simulation's enrolment: the totals per effect as a
 * waterfall from the base rules to the candidate's, every school with its effects a page at a time from the server (a
 * row opens its lines and their reasons, fetched on demand: a national simulation's lines would not fit one answer),
 * the effects per class type
 * and category, and the largest changes.
 */
export function SimulationAttribution({ simulation, request }: { simulation: Simulation; request: SimulationRequest }) {
  const { t, lang } = useI18n();
  const text = useText();
  const { attribution, comparison } = simulation;
  // An effect no school has (enrolment, on one dataset) would be a column of zeros: its most affected list is empty.
  const shown = useMemo(() => EFFECTS.filter((effect) => attribution.mostAffected[effect].length > 0), [attribution]);
  const expand = useCallback((school: { schoolId: string }) => <SimulatedSchoolLines request={request} schoolId={school.schoolId} />, [request]);
  const effectTitle = (effect: Effect) => text('attribution_view_col_effect', { name: text(EFFECT_CODES[effect]) });

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
        <Typography.Text strong>
          {text('attribution_view_per_school')} <Typography.Text type="secondary">{text('attribution_view_expand_hint')}</Typography.Text>
        </Typography.Text>
        <SimulatedSchoolsTable key={simulation.simulationId} first={simulation.schools} effects={shown} expand={expand} />
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
