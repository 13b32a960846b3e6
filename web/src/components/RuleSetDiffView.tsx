import { Alert, Table, Tag } from 'antd';
import type { RuleSetDiff } from '../api/endpoints';
import { CLASS_TYPE_NAMES, COMBINE_NAMES, FLAG_NAMES, nameOf, OWNERSHIP_NAMES, RULE_FIELD_NAMES, SCHOOL_TYPE_NAMES } from '../../../messages/enums';
import { percent } from '../../../messages/format';
import { useI18n, type Lang } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';

type Section = 'tiers' | 'categories' | 'majors' | 'classBands' | 'uplifts';
const SECTIONS: { key: Section; label: MessageKey; keyOf: (item: Record<string, unknown>) => string }[] = [
  { key: 'tiers', label: 'tabTiers', keyOf: (item) => String(item.code) },
  { key: 'categories', label: 'tabCategories', keyOf: (item) => String(item.code) },
  { key: 'majors', label: 'tabMajors', keyOf: (item) => String(item.code) },
  { key: 'classBands', label: 'tabBands', keyOf: (item) => String(item.classType) },
  { key: 'uplifts', label: 'tabUplifts', keyOf: (item) => String(item.id) },
];

/** A collection of the rule set by the editor's tab name (成本档次, 专业 …), or the field's name in words. */
export function collectionLabel(collection: string, t: (key: MessageKey) => string, lang: Lang): string {
  const section = SECTIONS.find((s) => s.key === collection);
  return section ? t(section.label) : ruleFieldName(collection, lang);
}

interface DiffRow {
  key: string;
  section: string;
  kind: 'added' | 'removed' | 'changed';
  item: string;
  detail: string;
}

/**
 * A rule-set value as a person reads it: rates as percentages, flags and school types by name, lists joined, an
 * object (an added tier, an uplift's match) as its fields by name, never raw JSON.
 */
export function ruleValueText(value: unknown, lang: Lang, path = ''): string {
  if (value === null || value === undefined) return '—';
  const field = path.split('.').pop() ?? '';
  if (Array.isArray(value)) {
    const names = field === 'flags' ? FLAG_NAMES : field === 'schoolTypes' ? SCHOOL_TYPE_NAMES : field === 'ownership' ? OWNERSHIP_NAMES : undefined;
    return value.map((item) => (names && typeof item === 'string' ? nameOf(names, item, lang) : ruleValueText(item, lang))).join(lang === 'zh' ? '、' : ', ');
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${ruleFieldName(path ? `${path}.${key}` : key, lang)}${lang === 'zh' ? '：' : ': '}${ruleValueText(item, lang, path ? `${path}.${key}` : key)}`)
      .join(lang === 'zh' ? '；' : '; ');
  }
  if ((field === 'rate' || field === 'cap' || field === 'floor' || field === 'gainCap') && /^-?\d+(\.\d+)?$/.test(String(value))) return percent(String(value));
  if (field === 'combine') return nameOf(COMBINE_NAMES, String(value), lang);
  if (field === 'classType') return nameOf(CLASS_TYPE_NAMES, String(value), lang);
  return String(value);
}

/** "upliftPolicy.cap" → 上浮上限, "perStudentByTier.T2" → 分档单列标准 T2: the most specific name the catalogue has. */
export function ruleFieldName(path: string, lang: Lang): string {
  const parts = path.split('.');
  for (let take = parts.length; take > 0; take--) {
    const known = parts.slice(0, take).join('.');
    const fromEnd = parts.slice(-take).join('.');
    for (const candidate of [known, fromEnd]) {
      if (candidate in RULE_FIELD_NAMES) return [nameOf(RULE_FIELD_NAMES, candidate, lang), ...parts.slice(take)].join(' ');
    }
  }
  return path;
}

/** Flattens the engine's structural diff into one readable row per added, removed or changed field. */
export function diffRows(diff: RuleSetDiff, sectionLabel: (section: Section | 'topLevel') => string, lang: Lang): DiffRow[] {
  const rows: DiffRow[] = diff.topLevel.map((change, i) => ({
    key: `top-${i}`,
    section: sectionLabel('topLevel'),
    kind: 'changed',
    item: ruleFieldName(change.path, lang),
    detail: `${ruleValueText(change.before, lang, change.path)} → ${ruleValueText(change.after, lang, change.path)}`,
  }));
  for (const section of SECTIONS) {
    const collection = diff[section.key];
    const label = sectionLabel(section.key);
    const whole = (item: unknown) => {
      const record = item as Record<string, unknown>;
      // The item column already says its key and name; the detail gives every other field.
      const rest = Object.entries(record).filter(([key, value]) => key !== 'name' && String(value) !== section.keyOf(record));
      return { record, text: ruleValueText(Object.fromEntries(rest), lang) };
    };
    collection.added.forEach((item) => {
      const { record, text } = whole(item);
      rows.push({ key: `${section.key}+${section.keyOf(record)}`, section: label, kind: 'added', item: `${section.keyOf(record)} ${ruleValueText(record.name, lang)}`, detail: text });
    });
    collection.removed.forEach((item) => {
      const { record, text } = whole(item);
      rows.push({ key: `${section.key}-${section.keyOf(record)}`, section: label, kind: 'removed', item: `${section.keyOf(record)} ${ruleValueText(record.name, lang)}`, detail: text });
    });
    collection.changed.forEach((change) =>
      change.fields.forEach((field, i) =>
        rows.push({
          key: `${section.key}~${change.key}~${i}`,
          section: label,
          kind: 'changed',
          item: `${change.key} · ${ruleFieldName(field.path, lang)}`,
          detail: `${ruleValueText(field.before, lang, field.path)} → ${ruleValueText(field.after, lang, field.path)}`,
        }),
      ),
    );
  }
  return rows;
}

export function RuleSetDiffView({ diff }: { diff: RuleSetDiff }) {
  const { t, lang } = useI18n();
  if (diff.identical) return <Alert type="info" title={t('diffNoChange')} data-testid="diff-identical" />;
  const label = (section: Section | 'topLevel') => (section === 'topLevel' ? t('tabPolicy') : t(SECTIONS.find((s) => s.key === section)!.label));
  const colors = { added: 'green', removed: 'red', changed: 'blue' } as const;
  const words = { added: t('diffAdded'), removed: t('diffRemoved'), changed: t('diffChanged') };
  return (
    <Table<DiffRow>
      data-testid="diff-table"
      size="small"
      pagination={false}
      dataSource={diffRows(diff, label, lang)}
      columns={[
        { title: t('diffSection'), dataIndex: 'section', width: 120 },
        { title: t('diffKind'), dataIndex: 'kind', width: 80, render: (kind: DiffRow['kind']) => <Tag color={colors[kind]}>{words[kind]}</Tag> },
        { title: t('diffItem'), dataIndex: 'item', width: 240 },
        { title: t('diffDetail'), dataIndex: 'detail' },
      ]}
    />
  );
}
