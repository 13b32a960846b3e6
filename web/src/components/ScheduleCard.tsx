import { Card, Table } from 'antd';
import { Decimal } from '../../../domain/decimal';
import { formatAmount } from '../format/money';
import { useText } from './useText';

export interface ScheduleRow {
  label: string;
  due?: string;
  share?: string;
  /** The run's total of the instalment, or one school's amount. */
  amount: string;
}

/** A payment schedule (拨付计划, SPEC §10): each instalment with its due date, share and amount. */
export function ScheduleCard({ rows, testId }: { rows: ScheduleRow[]; testId: string }) {
  const text = useText();
  if (!rows.length) return null;
  return (
    <Card title={text('export_schedule_sheet')} size="small" data-testid={testId}>
      <Table<ScheduleRow>
        size="small"
        rowKey="label"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: text('schedule_label'), dataIndex: 'label' },
          { title: text('schedule_due'), dataIndex: 'due' },
          ...(rows.some((r) => r.share !== undefined) ? [{ title: text('export_share'), dataIndex: 'share', render: (share: string) => `${new Decimal(share).times(100).toFixed()}%` }] : []),
          { title: text('export_allocation'), dataIndex: 'amount', align: 'right' as const, render: (amount: string) => <span className="amount">{formatAmount(amount)}</span> },
        ]}
      />
    </Card>
  );
}
