import { Alert, Table, Tag } from 'antd';
import type { RuleSetDiff } from '../api/endpoints';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';

type Section = 'tiers' | 'categories' | 'majors' | 'classBands' | 'uplifts';
const SECTIONS: { key: Section; label: MessageKey; keyOf: (item: Record<string, unknown>) => string }[] = [
  { key: 'tiers', label: 'tabTiers', keyOf: (item) => String(item.code) },
  { key: 'categories', label: 'tabCategories', keyOf: (item) => String(item.code) },
  { key: 'majors', label: 'tabMajors', keyOf: (item) => String(item.code) },
  { key: 'classBands', label: 'tabBands', keyOf: (item) => String(item.classType) },
  { key: 'uplifts', label: 'tabUplifts', keyOf: (item) => String(item.id) },
];

interface DiffRow {
  key: string;
  section: string;
  kind: 'added' | 'removed' | 'changed';
  item: string;
  detail: string;
}

const show = (value: unknown) => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

/** Flattens the engine's structural diff into one readable row per added, removed or changed field. */
export function diffRows(diff: RuleSetDiff, sectionLabel: (section: Section | 'topLevel') => string): DiffRow[] {
  const rows: DiffRow[] = diff.topLevel.map((change, i) => ({
    key: `top-${i}`,
    section: sectionLabel('topLevel'),
    kind: 'changed',
    item: change.path,
    detail: `${show(change.before)} → ${show(change.after)}`,
  }));
  for (const section of SECTIONS) {
    const collection = diff[section.key];
    const label = sectionLabel(section.key);
    collection.added.forEach((item) => {
      const record = item as unknown as Record<string, unknown>;
      rows.push({ key: `${section.key}+${section.keyOf(record)}`, section: label, kind: 'added', item: `${section.keyOf(record)} ${show(record.name)}`, detail: show(item) });
    });
    collection.removed.forEach((item) => {
      const record = item as unknown as Record<string, unknown>;
      rows.push({ key: `${section.key}-${section.keyOf(record)}`, section: label, kind: 'removed', item: `${section.keyOf(record)} ${show(record.name)}`, detail: show(item) });
    });
    collection.changed.forEach((change) =>
      change.fields.forEach((field, i) =>
        rows.push({ key: `${section.key}~${change.key}~${i}`, section: label, kind: 'changed', item: `${change.key} · ${field.path}`, detail: `${show(field.before)} → ${show(field.after)}` }),
      ),
    );
  }
  return rows;
}

export function RuleSetDiffView({ diff }: { diff: RuleSetDiff }) {
  const { t } = useI18n();
  if (diff.identical) return <Alert type="info" title={t('diffNoChange')} data-testid="diff-identical" />;
  const label = (section: Section | 'topLevel') => (section === 'topLevel' ? t('tabPolicy') : t(SECTIONS.find((s) => s.key === section)!.label));
  const colors = { added: 'green', removed: 'red', changed: 'blue' } as const;
  const words = { added: t('diffAdded'), removed: t('diffRemoved'), changed: t('diffChanged') };
  return (
    <Table<DiffRow>
      data-testid="diff-table"
      size="small"
      pagination={false}
      dataSource={diffRows(diff, label)}
      columns={[
        { title: t('diffSection'), dataIndex: 'section', width: 120 },
        { title: t('diffKind'), dataIndex: 'kind', width: 80, render: (kind: DiffRow['kind']) => <Tag color={colors[kind]}>{words[kind]}</Tag> },
        { title: t('diffItem'), dataIndex: 'item', width: 240 },
        { title: t('diffDetail'), dataIndex: 'detail' },
      ]}
    />
  );
}
