import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Table } from 'antd';
import { memo, type ReactNode } from 'react';
import { pathKey } from '../../format/paths';
import { useI18n } from '../../i18n/i18n';

const PAGE_SIZE = 15;
/** The last column: remove, and the row's own problems. */
const ROW_COLUMN_WIDTH = 220;

export type ProblemsByField = Map<string, { path: string; message: string }[]>;

export interface EditorColumn {
  name: readonly string[];
  title: string;
  /** Pixels: the tables have a fixed layout (the input fills its column). */
  width: number;
  input: ReactNode;
}

/** A field's validation state from the server's problems (or, failing those, its warnings), shown under the input. */
export function problemProps(problems: ProblemsByField, path: (string | number)[], warnings?: ProblemsByField) {
  const found = problems.get(pathKey(path));
  if (found) return { validateStatus: 'error' as const, help: <span data-testid="field-problem">{found.map((p) => p.message).join('；')}</span> };
  const warned = warnings?.get(pathKey(path));
  return warned ? { validateStatus: 'warning' as const, help: <span data-testid="field-warning">{warned.map((p) => p.message).join('；')}</span> } : {};
}

/**
 * One rule-set collection (tiers, majors, …) as an editable table; row problems appear in the last column. Memoised:
 * a keystroke re-renders only its own Form.Item (Form.List re-renders for rows added or removed, not for values).
 */
export const ListEditor = memo(function ListEditor({ section, columns, problems, warnings, newRow }: { section: string; columns: EditorColumn[]; problems: ProblemsByField; warnings?: ProblemsByField; newRow: () => object }) {
  const { t } = useI18n();
  return (
    <Form.List name={section}>
      {(fields, { add, remove }) => (
        <>
          <Table
            data-testid={`editor-${section}`}
            size="small"
            rowKey="key"
            dataSource={fields}
            // What a keystroke costs the browser grows with the rows on screen (paint and compositing of every row's
            // inputs: ~20 ms at 10 rows, ~70 ms at 30 on the bench); 15 a page by default, more on request.
            pagination={fields.length > PAGE_SIZE ? { defaultPageSize: PAGE_SIZE, pageSizeOptions: [PAGE_SIZE, 30, 60], showSizeChanger: true } : false}
            // Fixed layout: a keystroke in one cell never makes the browser lay the whole table out again.
            tableLayout="fixed"
            scroll={{ x: columns.reduce((sum, column) => sum + column.width, ROW_COLUMN_WIDTH) }}
            columns={[
              ...columns.map((column) => ({
                key: column.name.join('.'),
                title: column.title,
                width: column.width,
                render: (_: unknown, field: { name: number }) => (
                  <Form.Item name={[field.name, ...column.name]} style={{ margin: 0 }} {...problemProps(problems, [section, field.name, ...column.name], warnings)}>
                    {column.input}
                  </Form.Item>
                ),
              })),
              {
                key: 'row',
                title: '',
                width: ROW_COLUMN_WIDTH,
                render: (_: unknown, field: { name: number }) => {
                  const rowProblems = problems.get(pathKey([section, field.name]));
                  const rowWarnings = warnings?.get(pathKey([section, field.name]));
                  return (
                    <>
                      <Button size="small" icon={<DeleteOutlined />} aria-label={t('remove')} onClick={() => remove(field.name)} />
                      {rowProblems && <div className="field-problem" data-testid="field-problem">{rowProblems.map((p) => p.message).join('；')}</div>}
                      {rowWarnings && <div className="field-warning" data-testid="field-warning">{rowWarnings.map((p) => p.message).join('；')}</div>}
                    </>
                  );
                },
              },
            ]}
          />
          <Button style={{ marginTop: 8 }} icon={<PlusOutlined />} onClick={() => add(newRow())} data-testid={`add-${section}`}>
            {t('add')}
          </Button>
        </>
      )}
    </Form.List>
  );
});
