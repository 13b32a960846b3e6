import { Badge, Form, Input, Select, Space, Tabs, type FormInstance } from 'antd';
import { memo, useMemo } from 'react';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/dictionary';
import type { DraftFormValues } from './draftForm';
import type { EditorSection } from './editorSections';
import { ListEditor, problemProps, type ProblemsByField } from './ListEditor';

interface RuleSetEditorProps {
  form: FormInstance<DraftFormValues>;
  initialValues: DraftFormValues | undefined;
  editable: boolean;
  sections: EditorSection[];
  problems: ProblemsByField;
  warnings: ProblemsByField;
  /** Problems per tab (section key or 'upliftPolicy'), for the badges. */
  problemCounts: Record<string, number>;
  onEdited: () => void;
}

/**
 * The rule set's form, one tab per collection. Tabs render when first opened (not all at once: the majors tab alone
 * is ~300 inputs), and once rendered stay mounted; the form keeps every tab's values either way. Nothing here
 * re-renders for a keystroke but the input typed in (props are memoised by the page; dropdowns of codes read the form when opened).
 */
export const RuleSetEditor = memo(function RuleSetEditor({ form, initialValues, editable, sections, problems, warnings, problemCounts, onEdited }: RuleSetEditorProps) {
  const { t } = useI18n();
  const items = useMemo(() => {
    const tabLabel = (key: MessageKey, section: string) => (
      <Badge count={problemCounts[section] ?? 0} size="small" offset={[8, -2]}>
        {t(key)}
      </Badge>
    );
    return [
      ...sections.map((section) => ({
        key: section.key,
        label: tabLabel(section.label, section.key),
        children: <ListEditor section={section.key} columns={section.columns} problems={problems} warnings={warnings} newRow={section.newRow} />,
      })),
      {
        key: 'upliftPolicy',
        label: tabLabel('tabPolicy', 'upliftPolicy'),
        children: (
          <Space size="large" align="start">
            <Form.Item name={['upliftPolicy', 'combine']} label={t('combine')} {...problemProps(problems, ['upliftPolicy', 'combine'])}>
              <Select style={{ width: 160 }} options={(['sum', 'max', 'compound'] as const).map((value) => ({ value, label: t(`combine_${value}`) }))} />
            </Form.Item>
            <Form.Item name={['upliftPolicy', 'cap']} label={t('cap')} {...problemProps(problems, ['upliftPolicy', 'cap'], warnings)}>
              <Input data-testid="uplift-cap" inputMode="decimal" placeholder="0.30" style={{ width: 120 }} />
            </Form.Item>
          </Space>
        ),
      },
    ];
  }, [sections, problems, warnings, problemCounts, t]);
  return (
    <Form<DraftFormValues> form={form} initialValues={initialValues} disabled={!editable} onValuesChange={onEdited} layout="vertical">
      <Tabs items={items} />
    </Form>
  );
});
