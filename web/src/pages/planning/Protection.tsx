import { Alert, Card, Descriptions, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SchoolProtection } from '../../../../domain/result';
import type { RunSummary, SchoolSummary } from '../../api/endpoints';
import { SummaryCards } from '../../components/SummaryCards';
import { compareDecimals, formatAmount, formatRate, formatYuan } from '../../format/money';
import { useI18n, type Translate } from '../../i18n/i18n';

/** A run's year-on-year protection (SPEC §7): the rule, the baseline, how many schools the floor and cap held, and their cost. */
export function ProtectionCard({ summary }: { summary: RunSummary | undefined }) {
  const { t, lang } = useI18n();
  const protection = summary?.protection;
  if (!protection) return null;
  const { baseline } = protection;
  return (
    <Card size="small" title={t('protectionTitle')} data-testid="run-protection">
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('ruleSet')}>
          {t('protectionRule', { basis: t(`protectionBasis_${protection.basis}`), floor: protection.floor ? formatRate(protection.floor) : '—', gainCap: protection.gainCap ? formatRate(protection.gainCap) : t('unbounded') })}
        </Descriptions.Item>
        <Descriptions.Item label={t('solveBaseline')}>
          <span data-testid="protection-baseline">{t('protectionBaseline', { year: baseline.fiscalYear ?? '—', total: formatYuan(baseline.totalAllocation, lang), schools: baseline.schools })}</span>
        </Descriptions.Item>
      </Descriptions>
      <SummaryCards
        items={[
          { key: 'protected', title: t('protectionProtected'), value: String(protection.schoolsProtected) },
          { key: 'at-floor', title: t('protectionAtFloor'), value: String(protection.schoolsAtFloor) },
          { key: 'floor-cost', title: t('protectionFloorCost'), value: formatYuan(protection.floorCost, lang) },
          { key: 'at-cap', title: t('protectionAtCap'), value: String(protection.schoolsAtCap) },
          { key: 'cap-saving', title: t('protectionCapSaving'), value: formatYuan(protection.capSaving, lang) },
          { key: 'guarantees', title: t('protectionGuarantees'), value: formatYuan(protection.totalGuarantees, lang) },
        ]}
      />
    </Card>
  );
}

export function BoundTag({ bound }: { bound: SchoolProtection['bound'] | undefined }) {
  const { t } = useI18n();
  if (!bound) return null;
  return (
    <Tag color={bound === 'floor' ? 'blue' : 'orange'} data-testid={`bound-${bound}`}>
      {t(`bound_${bound}`)}
    </Tag>
  );
}

/** The run table's protection columns: last year's allocation, F, C, and which bound decided the school's allocation. */
export function protectionColumns(t: Translate): ColumnsType<SchoolSummary> {
  const money = (value: string | undefined) => (value === undefined ? '—' : <span className="amount">{formatAmount(value)}</span>);
  return [
    { title: t('protectionBaselineAllocation'), key: 'baselineAllocation', align: 'right', render: (_: unknown, s) => money(s.protection?.baselineAllocation) },
    { title: t('protectionFloor'), key: 'floor', align: 'right', render: (_: unknown, s) => money(s.protection?.protected ? s.protection.floor : undefined) },
    { title: t('protectionCap'), key: 'cap', align: 'right', render: (_: unknown, s) => (s.protection?.protected ? (s.protection.cap === undefined ? t('unbounded') : money(s.protection.cap)) : '—') },
    {
      title: t('protectionBound'),
      key: 'bound',
      filters: (['floor', 'cap'] as const).map((bound) => ({ text: t(`bound_${bound}`), value: bound })),
      onFilter: (value, s) => s.protection?.bound === value,
      sorter: (a, b) => compareDecimals(String(rank(a)), String(rank(b))),
      render: (_: unknown, s) => <BoundTag bound={s.protection?.bound} />,
    },
  ];
}
const rank = (s: SchoolSummary) => (s.protection?.bound === 'floor' ? 2 : s.protection?.bound === 'cap' ? 1 : 0);

/** A school's protection on its statement: the engine's sentence, and F, C and last year's figures. */
export function StatementProtection({ protection, text }: { protection: SchoolProtection | undefined; text: string | undefined }) {
  const { t } = useI18n();
  if (!protection || !text) return null;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="statement-protection"
      title={
        <span>
          {t('protectionTitle')} <BoundTag bound={protection.bound} />
        </span>
      }
      description={
        <>
          <div data-testid="statement-protection-text">{text}</div>
          {protection.protected && (
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginTop: 8 }}>
              <Descriptions.Item label={t('protectionBaselineAllocation')}>{protection.baselineAllocation ? formatAmount(protection.baselineAllocation) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('protectionFloor')}>{formatAmount(protection.floor)}</Descriptions.Item>
              <Descriptions.Item label={t('protectionCap')}>{protection.cap === undefined ? t('unbounded') : formatAmount(protection.cap)}</Descriptions.Item>
              <Descriptions.Item label={t('protectionBaselineStudents')}>{protection.baselineStudents ?? '—'}</Descriptions.Item>
            </Descriptions>
          )}
        </>
      }
    />
  );
}
