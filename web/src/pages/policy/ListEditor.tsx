import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Table } from 'antd';
import type { ReactNode } from 'react';
import { pathKey } from '../../format/paths';
import { useI18n } from '../../i18n/i18n';

export type ProblemsByField = Map<string, { path: string; message: string }[]>;

export interface EditorColumn {
  name: readonly string[];
  title: string;
  width?: number;
  input: ReactNode;
}

/** A field's validation state from the server's problems (or, failing those, its warnings), shown under the input. */
export function problemProps(problems: ProblemsByField, path: (string | number)[], warnings?: ProblemsByField) {
  const found = problems.get(pathKey(path));
  if (found) return { validateStatus: 'error' as const, help: <span data-testid="field-problem">{found.map((p) => p.message).join('；')}</span> };
  const warned = warnings?.get(pathKey(path));
  return warned ? { validateStatus: 'warning' as const, help: <span data-testid="field-warning">{warned.map((p) => p.message).join('；')}</span> } : {};
}

/** One rule-set collection (tiers, majors, …) as an editable table; row problems appear in the last column. */
export function ListEditor({ section, columns, problems, warnings, newRow }: { section: string; columns: EditorColumn[]; problems: ProblemsByField; warnings?: ProblemsByField; newRow: () => object }) {
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
            pagination={fields.length > 30 ? { pageSize: 30 } : false}
            scroll={{ x: 'max-content' }}
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
}
