import { Alert, App, Badge, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, type ProblemDetail } from '../../api/client';
import { getDraft, submitDraft, updateDraft, validateDraft, type DraftView, type DraftWarning } from '../../api/endpoints';
import type { Session } from '../../auth/session';
import { ErrorAlert, errorText, problemText } from '../../components/ErrorAlert';
import { CLASS_TYPE_VALUES, SCHOOL_TYPE_VALUES, classTypeLabel, formatTime, schoolTypeLabel } from '../../components/labels';
import { parseJsonPath, placeProblems } from '../../format/paths';
import { useI18n } from '../../i18n/i18n';
import { FLAG_NAMES, nameOf } from '../../../../messages/enums';
import type { MessageKey } from '../../i18n/dictionary';
import { editorFields, toContent, toFormValues, type DraftFormValues, type Section } from './draftForm';
import { ListEditor, problemProps, type EditorColumn, type ProblemsByField } from './ListEditor';
import { rememberDraft } from './recentDrafts';
import { PublishButton } from './PublishButton';
import { SimulationPanel } from './SimulationPanel';
import { useText } from '../../components/useText';

type Problem = Omit<ProblemDetail, 'message'> & { message?: string };
const POLICY_FLAGS = ['scarce', 'integration', 'employment', 'hardship'] as const;

/** Problems of a refused submit/publish, at paths inside the rule set ("ruleSet.tiers[1]…" → "tiers[1]…"). */
function problemsOf(error: unknown): Problem[] | null {
  if (!(error instanceof ApiError) || error.details.length === 0 || error.status === 409) return null;
  return error.details.map((p) => ({ ...p, path: p.path.replace(/^(body\.)?ruleSet\.?/, '') || '(root)' }));
}

export function DraftPage({ ruleSetId, draftId, session }: { ruleSetId: string; draftId: string; session: Session }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<DraftFormValues>();
  const [draft, setDraft] = useState<DraftView>();
  const [loadError, setLoadError] = useState<unknown>();
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [warnings, setWarnings] = useState<DraftWarning[]>([]);
  const text = useText();
  const [actionError, setActionError] = useState<unknown>();
  const [conflict, setConflict] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  // The form is (re)created from each loaded draft: initial values, not setFieldsValue before it is mounted.
  const [loadedValues, setLoadedValues] = useState<{ key: number; values: DraftFormValues }>();
  const watched = Form.useWatch([], { form, preserve: true }) as Partial<DraftFormValues> | undefined;
  useEffect(() => {
    // After a reload (e.g. on a conflict) the mounted form takes the newly loaded values.
    if (loadedValues && loadedValues.key > 1) form.setFieldsValue(loadedValues.values);
  }, [loadedValues, form]);

  const load = async () => {
    setLoadError(undefined);
    try {
      const loaded = await getDraft(ruleSetId, draftId);
      setDraft(loaded);
      setWarnings(loaded.validation?.warnings ?? []);
      setLoadedValues((previous) => ({ key: (previous?.key ?? 0) + 1, values: toFormValues(loaded.content) }));
      setDirty(false);
      setConflict(null);
      rememberDraft({ ruleSetId, draftId, label: `${draftId} (v${loaded.baseVersion ?? '?'})` });
    } catch (error) {
      setLoadError(error);
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ruleSetId, draftId]);

  // Problems come as codes (from a refusal's details or a validation); each is shown in the console's language.
  const placed = useMemo(
    () =>
      placeProblems(
        (problems ?? []).map((problem) => ({ ...problem, message: problemText(problem, lang) })),
        editorFields({ ...toFormValues(undefined), ...(problems?.length ? (form.getFieldsValue(true) as DraftFormValues) : {}) }),
      ),
    [problems, form, lang],
  );
  const placedWarnings = useMemo(
    () =>
      placeProblems(
        warnings.map((warning) => ({ ...warning, message: problemText(warning, lang) })),
        editorFields({ ...toFormValues(undefined), ...(warnings.length ? (form.getFieldsValue(true) as DraftFormValues) : {}) }),
      ),
    [warnings, form, lang],
  );

  const run = async (key: string, action: () => Promise<void>) => {
    setBusy(key);
    setActionError(undefined);
    try {
      await action();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && (error.code === 'stale_revision' || key === 'save')) setConflict(errorText(error, t, lang));
      else if (problemsOf(error)) setProblems(problemsOf(error));
      else {
        setActionError(error);
        void message.error(errorText(error, t, lang));
      }
    } finally {
      setBusy(null);
    }
  };

  const validate = async () => {
    try {
      const outcome = await validateDraft(ruleSetId, draftId);
      setProblems(outcome.ok ? [] : (outcome.problems ?? []));
      setWarnings(outcome.warnings ?? []);
    } catch (error) {
      const found = problemsOf(error);
      if (!found) throw error;
      setProblems(found);
    }
  };

  const save = async (): Promise<DraftView> => {
    const values = form.getFieldsValue(true) as DraftFormValues;
    const saved = await updateDraft(ruleSetId, draftId, draft!.revision, toContent(values, draft!.content));
    setDraft(saved);
    setDirty(false);
    void message.success(t('saved', { revision: saved.revision }));
    if (saved.validation) {
      setProblems(saved.validation.problems);
      setWarnings(saved.validation.warnings ?? []);
    } else await validate();
    return saved;
  };

  if (loadError !== undefined) return <ErrorAlert error={loadError} onRetry={load} />;
  if (!draft) return <Card loading />;

  const editable = draft.status === 'draft';
  const byField: ProblemsByField = placed.byField;
  const sectionCount = (section: Section | 'upliftPolicy') =>
    (problems ?? []).filter((p) => parseJsonPath(p.path)?.[0] === section).length;
  const tabLabel = (key: MessageKey, section: Section | 'upliftPolicy') => (
    <Badge count={sectionCount(section)} size="small" offset={[8, -2]}>
      {t(key)}
    </Badge>
  );
  /** "tiers[1].perStudent" → "成本档次 第 2 行 · 生均标准": where to look, in the editor's own words. */
  const describePath = (path: string) => {
    const [section, index, ...rest] = parseJsonPath(path) ?? [];
    const tab = sections.find((s) => s.key === section);
    if (section === 'upliftPolicy') return `${t('tabPolicy')}${rest.length || index ? ` · ${t(index === 'cap' ? 'cap' : 'combine')}` : ''}`;
    if (!tab) return path;
    const column = tab.columns.find((c) => c.name.join('.') === rest.filter((r) => typeof r === 'string').join('.'));
    return [t(tab.label), typeof index === 'number' ? `#${index + 1}` : '', column?.title ?? ''].filter(Boolean).join(' · ');
  };
  const textInput = <Input />;
  const moneyInput = <Input inputMode="decimal" style={{ width: 120 }} />;
  const tags = (options: string[], label = (v: string) => v) => (
    <Select mode="tags" style={{ minWidth: 160 }} options={options.map((value) => ({ value, label: label(value) }))} tokenSeparators={[',', '，', ' ']} />
  );
  const values = watched ?? loadedValues?.values ?? {};
  const codes = (section: 'tiers' | 'categories' | 'majors') => (values[section] ?? []).map((row) => String(row.code ?? '')).filter(Boolean);
  // The policy's four flags by name (the catalogue's); a flag of the rule set's own is shown as its code.
  const flagLabel = (flag: string) => nameOf(FLAG_NAMES, flag, lang);

  const sections: { key: Section; label: MessageKey; columns: EditorColumn[]; newRow: () => object }[] = [
    {
      key: 'tiers',
      label: 'tabTiers',
      newRow: () => ({ code: '', name: '', perStudent: '' }),
      columns: [
        { name: ['code'], title: t('code'), input: <Input style={{ width: 80 }} /> },
        { name: ['name'], title: t('name'), input: textInput },
        { name: ['perStudent'], title: t('perStudent'), input: moneyInput },
        { name: ['source'], title: t('source'), input: textInput },
      ],
    },
    {
      key: 'categories',
      label: 'tabCategories',
      newRow: () => ({ code: '', name: '', tier: '' }),
      columns: [
        { name: ['code'], title: t('code'), input: <Input style={{ width: 80 }} /> },
        { name: ['name'], title: t('name'), input: textInput },
        { name: ['tier'], title: t('tier'), input: <Select style={{ width: 100 }} options={codes('tiers').map((value) => ({ value }))} /> },
        { name: ['perStudent'], title: t('perStudentOverride'), input: moneyInput },
        { name: ['source'], title: t('source'), input: textInput },
      ],
    },
    {
      key: 'majors',
      label: 'tabMajors',
      newRow: () => ({ code: '', name: '', category: '', flags: [] }),
      columns: [
        { name: ['code'], title: t('code'), input: <Input style={{ width: 90 }} /> },
        { name: ['name'], title: t('name'), input: textInput },
        { name: ['category'], title: t('category'), input: <Select style={{ width: 100 }} options={codes('categories').map((value) => ({ value }))} /> },
        { name: ['flags'], title: t('flags'), input: tags([...POLICY_FLAGS], flagLabel) },
        { name: ['source'], title: t('source'), input: textInput },
      ],
    },
    {
      key: 'classBands',
      label: 'tabBands',
      newRow: () => ({ classType: '', name: '', factor: '1' }),
      columns: [
        { name: ['classType'], title: t('classType'), input: <Select style={{ width: 140 }} options={CLASS_TYPE_VALUES.map((value) => ({ value, label: classTypeLabel(value, lang) }))} /> },
        { name: ['name'], title: t('name'), input: textInput },
        { name: ['schoolTypes'], title: t('schoolTypes'), input: <Select mode="multiple" style={{ minWidth: 180 }} options={SCHOOL_TYPE_VALUES.map((value) => ({ value, label: schoolTypeLabel(value, lang) }))} /> },
        { name: ['factor'], title: t('factor'), input: <Input inputMode="decimal" style={{ width: 80 }} /> },
        { name: ['perStudentByTier'], title: t('perStudentByTier'), input: <Input placeholder="T2=12000; T3=15000" style={{ width: 180 }} /> },
        { name: ['source'], title: t('source'), input: textInput },
      ],
    },
    {
      key: 'uplifts',
      label: 'tabUplifts',
      newRow: () => ({ id: '', name: '', match: { flags: [], majors: [], categories: [] }, rate: '' }),
      columns: [
        { name: ['id'], title: t('code'), input: <Input style={{ width: 100 }} /> },
        { name: ['name'], title: t('name'), input: textInput },
        { name: ['match', 'flags'], title: `${t('match')}: ${t('matchFlags')}`, input: tags([...POLICY_FLAGS], flagLabel) },
        { name: ['match', 'majors'], title: t('matchMajors'), input: tags(codes('majors')) },
        { name: ['match', 'categories'], title: t('matchCategories'), input: tags(codes('categories')) },
        { name: ['rate'], title: t('rate'), input: <Input inputMode="decimal" placeholder="0.10" style={{ width: 80 }} /> },
        { name: ['amountPerStudent'], title: t('amountPerStudent'), input: moneyInput },
        { name: ['source'], title: t('source'), input: textInput },
      ],
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('draftEditor')} · {ruleSetId} / {draftId} <Tag data-testid="draft-status">{t(`draftStatus_${draft.status === 'publishing' ? 'submitted' : draft.status}`)}</Tag>
      </Typography.Title>
      <Descriptions size="small" column={4}>
        <Descriptions.Item label={t('revision')}>
          <span data-testid="draft-revision">{draft.revision}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('baseVersion')}>v{draft.baseVersion}</Descriptions.Item>
        <Descriptions.Item label={t('lastEditedBy')}>{draft.lastEditor}</Descriptions.Item>
        <Descriptions.Item label={t('updatedAt')}>{formatTime(draft.updatedAt, lang)}</Descriptions.Item>
      </Descriptions>
      {actionError !== undefined && <ErrorAlert error={actionError} />}
      {problems && problems.length === 0 && <Alert type="success" showIcon title={t('validOk')} data-testid="valid-ok" />}
      {warnings.length > 0 && (
        <PathList type="warning" testId="draft-warnings" itemTestId="draft-warning" title={text('draft_warnings_title', { count: warnings.length })} items={warnings.map((w) => ({ where: describePath(w.path), message: problemText(w, lang), tag: w.code }))} />
      )}
      {problems && problems.length > 0 && (
        <PathList type="error" testId="draft-problems" title={t('problemsFound', { count: problems.length })} items={problems.map((p) => ({ where: describePath(p.path), message: problemText(p, lang), tag: p.path }))} />
      )}
      <Space wrap className="no-print">
        <Button type="primary" data-testid="save-draft" disabled={!editable} loading={busy === 'save'} onClick={() => run('save', async () => void (await save()))}>
          {t('save')}
        </Button>
        <Button data-testid="validate-draft" loading={busy === 'validate'} onClick={() => run('validate', validate)}>
          {t('validate')}
        </Button>
        {editable && (
          <Button
            data-testid="submit-draft"
            disabled={dirty}
            loading={busy === 'submit'}
            onClick={() => run('submit', async () => (setDraft(await submitDraft(ruleSetId, draftId, draft.revision)), void message.success(t('submitted'))))}
          >
            {t('submit')}
          </Button>
        )}
        {(draft.status === 'submitted' || draft.status === 'publishing') && (
          <PublishButton
            draft={draft}
            warnings={warnings}
            onPublished={async (version) => {
              void message.success(t('published', { version }));
              await load();
            }}
            onRefused={(error) => run('publish', () => Promise.reject(error))}
          />
        )}
        {draft.publishedVersion !== undefined && <Alert type="success" showIcon data-testid="published" title={t('published', { version: draft.publishedVersion })} />}
      </Space>
      <Form<DraftFormValues> form={form} initialValues={loadedValues?.values} disabled={!editable} onValuesChange={() => setDirty(true)} layout="vertical">
        <Tabs
          items={[
            ...sections.map((section) => ({
              key: section.key,
              label: tabLabel(section.label, section.key),
              forceRender: true,
              children: <ListEditor section={section.key} columns={section.columns} problems={byField} warnings={placedWarnings.byField} newRow={section.newRow} />,
            })),
            {
              key: 'upliftPolicy',
              label: tabLabel('tabPolicy', 'upliftPolicy'),
              forceRender: true,
              children: (
                <Space size="large" align="start">
                  <Form.Item name={['upliftPolicy', 'combine']} label={t('combine')} {...problemProps(byField, ['upliftPolicy', 'combine'])}>
                    <Select style={{ width: 160 }} options={(['sum', 'max', 'compound'] as const).map((value) => ({ value, label: t(`combine_${value}`) }))} />
                  </Form.Item>
                  <Form.Item name={['upliftPolicy', 'cap']} label={t('cap')} {...problemProps(byField, ['upliftPolicy', 'cap'], placedWarnings.byField)}>
                    <Input data-testid="uplift-cap" inputMode="decimal" placeholder="0.30" style={{ width: 120 }} />
                  </Form.Item>
                </Space>
              ),
            },
          ]}
        />
      </Form>
      <SimulationPanel ruleSetId={ruleSetId} draft={draft} beforeSimulate={async () => (dirty && editable ? save() : draft)} />
      <Modal
        open={conflict !== null}
        title={t('conflictTitle')}
        data-testid="conflict-dialog"
        okText={t('reload')}
        cancelText={t('cancel')}
        onOk={() => void load()}
        onCancel={() => setConflict(null)}
      >
        <p data-testid="conflict-text">{t('conflictText')}</p>
        {conflict && <Typography.Text type="secondary">{conflict}</Typography.Text>}
      </Modal>
    </Space>
  );
}

/** Problems or warnings listed above the editor, each where it is in the editor's words, with its code or path. */
function PathList({ type, testId, itemTestId, title, items }: { type: 'error' | 'warning'; testId: string; itemTestId?: string; title: string; items: { where: string; message: string; tag: string }[] }) {
  return (
    <Alert
      type={type}
      showIcon
      data-testid={testId}
      title={title}
      description={
        <ul style={{ margin: 0 }}>
          {items.map((item, i) => (
            <li key={i} {...(itemTestId ? { 'data-testid': itemTestId } : {})}>
              {item.where}：{item.message} <Typography.Text type="secondary" code>{item.tag}</Typography.Text>
            </li>
          ))}
        </ul>
      }
    />
  );
}
