import { Input, Select } from 'antd';
import { useMemo } from 'react';
import { FLAG_NAMES, nameOf } from '../../../../messages/enums';
import { CLASS_TYPE_VALUES, SCHOOL_TYPE_VALUES, classTypeLabel, schoolTypeLabel } from '../../components/labels';
import { parseJsonPath } from '../../format/paths';
import { useI18n, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/dictionary';
import { CodeSelect } from './codeLists';
import type { Section } from './draftForm';
import type { EditorColumn } from './ListEditor';

/** Inputs fill their column; the columns have fixed widths (see ListEditor). */
const FULL = { width: '100%' };
const POLICY_FLAGS = ['scarce', 'integration', 'employment', 'hardship'] as const;

export interface EditorSection {
  key: Section;
  label: MessageKey;
  columns: EditorColumn[];
  newRow: () => object;
}

/**
 * The editor's tabs and columns, made once per language: the same column objects on every render, so a table whose
 * problems did not change never re-renders (see ListEditor). Dropdowns of codes read the form when they open (codeLists.tsx).
 */
export function useEditorSections(): EditorSection[] {
  const { t, lang } = useI18n();
  return useMemo(() => {
    const textInput = <Input />;
    const moneyInput = <Input inputMode="decimal" />;
    // The policy's four flags by name (the catalogue's); a flag of the rule set's own is shown as its code.
    const flagOptions = POLICY_FLAGS.map((value) => ({ value, label: nameOf(FLAG_NAMES, value, lang) }));
    const flags = <Select mode="tags" style={FULL} options={flagOptions} tokenSeparators={[',', '，', ' ']} />;
    const codeTags = (section: 'majors' | 'categories') => <CodeSelect section={section} mode="tags" style={FULL} tokenSeparators={[',', '，', ' ']} />;
    return [
      {
        key: 'tiers',
        label: 'tabTiers',
        newRow: () => ({ code: '', name: '', perStudent: '' }),
        columns: [
          { name: ['code'], title: t('code'), input: <Input style={FULL} />, width: 104 },
          { name: ['name'], title: t('name'), input: textInput, width: 220 },
          { name: ['perStudent'], title: t('perStudent'), input: moneyInput, width: 140 },
          { name: ['source'], title: t('source'), input: textInput, width: 260 },
        ],
      },
      {
        key: 'categories',
        label: 'tabCategories',
        newRow: () => ({ code: '', name: '', tier: '' }),
        columns: [
          { name: ['code'], title: t('code'), input: <Input style={FULL} />, width: 104 },
          { name: ['name'], title: t('name'), input: textInput, width: 220 },
          { name: ['tier'], title: t('tier'), input: <CodeSelect section="tiers" style={FULL} />, width: 124 },
          { name: ['perStudent'], title: t('perStudentOverride'), input: moneyInput, width: 140 },
          { name: ['source'], title: t('source'), input: textInput, width: 260 },
        ],
      },
      {
        key: 'majors',
        label: 'tabMajors',
        newRow: () => ({ code: '', name: '', category: '', flags: [] }),
        columns: [
          { name: ['code'], title: t('code'), input: <Input style={FULL} />, width: 114 },
          { name: ['name'], title: t('name'), input: textInput, width: 220 },
          { name: ['category'], title: t('category'), input: <CodeSelect section="categories" style={FULL} />, width: 124 },
          { name: ['flags'], title: t('flags'), input: flags, width: 220 },
          { name: ['source'], title: t('source'), input: textInput, width: 260 },
        ],
      },
      {
        key: 'classBands',
        label: 'tabBands',
        newRow: () => ({ classType: '', name: '', factor: '1' }),
        columns: [
          { name: ['classType'], title: t('classType'), input: <Select style={FULL} options={CLASS_TYPE_VALUES.map((value) => ({ value, label: classTypeLabel(value, lang) }))} />, width: 164 },
          { name: ['name'], title: t('name'), input: textInput, width: 220 },
          { name: ['schoolTypes'], title: t('schoolTypes'), input: <Select mode="multiple" style={FULL} options={SCHOOL_TYPE_VALUES.map((value) => ({ value, label: schoolTypeLabel(value, lang) }))} />, width: 204 },
          { name: ['factor'], title: t('factor'), input: <Input inputMode="decimal" style={FULL} />, width: 104 },
          { name: ['perStudentByTier'], title: t('perStudentByTier'), input: <Input placeholder="T2=12000; T3=15000" style={FULL} />, width: 204 },
          { name: ['source'], title: t('source'), input: textInput, width: 260 },
        ],
      },
      {
        key: 'uplifts',
        label: 'tabUplifts',
        newRow: () => ({ id: '', name: '', match: { flags: [], majors: [], categories: [] }, rate: '' }),
        columns: [
          { name: ['id'], title: t('code'), input: <Input style={FULL} />, width: 124 },
          { name: ['name'], title: t('name'), input: textInput, width: 220 },
          { name: ['match', 'flags'], title: `${t('match')}: ${t('matchFlags')}`, input: flags, width: 220 },
          { name: ['match', 'majors'], title: t('matchMajors'), input: codeTags('majors'), width: 220 },
          { name: ['match', 'categories'], title: t('matchCategories'), input: codeTags('categories'), width: 220 },
          { name: ['rate'], title: t('rate'), input: <Input inputMode="decimal" placeholder="0.10" style={FULL} />, width: 104 },
          { name: ['amountPerStudent'], title: t('amountPerStudent'), input: moneyInput, width: 140 },
          { name: ['source'], title: t('source'), input: textInput, width: 260 },
        ],
      },
    ] satisfies EditorSection[];
  }, [t, lang]);
}

/** "tiers[1].perStudent" → "成本档次 · #2 · 生均标准": where to look, in the editor's own words. */
export function describeEditorPath(path: string, sections: readonly EditorSection[], t: Translate): string {
  const [section, index, ...rest] = parseJsonPath(path) ?? [];
  if (section === 'upliftPolicy') return `${t('tabPolicy')}${rest.length || index ? ` · ${t(index === 'cap' ? 'cap' : 'combine')}` : ''}`;
  const tab = sections.find((s) => s.key === section);
  if (!tab) return path;
  const column = tab.columns.find((c) => c.name.join('.') === rest.filter((r) => typeof r === 'string').join('.'));
  return [t(tab.label), typeof index === 'number' ? `#${index + 1}` : '', column?.title ?? ''].filter(Boolean).join(' · ');
}
