import { Card, Col, Row, Statistic } from 'antd';
import type { ReactNode } from 'react';

/** Summary figures come pre-formatted (万元 strings): Statistic must not re-parse money as a float. */
export function SummaryCards({ items }: { items: { key: string; title: string; value: ReactNode }[] }) {
  return (
    <Row gutter={[16, 16]}>
      {items.map((item) => (
        <Col key={item.key} xs={24} sm={12} lg={Math.max(4, Math.floor(24 / items.length))}>
          <Card size="small">
            <Statistic title={item.title} valueRender={() => <span data-testid={`summary-${item.key}`} className="summary-value">{item.value}</span>} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
