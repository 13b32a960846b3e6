import { Alert, App, Button, Card, Descriptions, Form, Modal, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, type ProblemDetail } from '../../api/client';
import { getDraft, submitDraft, updateDraft, validateDraft, type DraftView, type DraftWarning } from '../../api/endpoints';
import type { Session } from '../../auth/session';
import { ErrorAlert, errorText, problemText } from '../../components/ErrorAlert';
import { formatTime } from '../../components/labels';
import { parseJsonPath, placeProblems } from '../../format/paths';
import { useI18n } from '../../i18n/i18n';
import { editorFields, toContent, toFormValues, type DraftFormValues } from './draftForm';
import { describeEditorPath, useEditorSections } from './editorSections';
import { RuleSetEditor } from './RuleSetEditor';
import { rememberDraft } from './recentDrafts';
import { PublishButton } from './PublishButton';
import { SimulationPanel } from './SimulationPanel';
import { RebaseDialog } from './RebaseDialog';
import { SolvePanel } from '../planning/SolvePanel';
import { useText } from '../../components/useText';

type Problem = Omit<ProblemDetail, 'message'> & { message?: string };

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
  // A refused save or publish: the reason, and whether it is a stale base (then the way out is a rebase, not a reload).
  const [conflict, setConflict] = useState<{ reason: string; staleBase: boolean } | null>(null);
  const [rebaseOpen, setRebaseOpen] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  // The form is (re)created from each loaded draft: initial values, not setFieldsValue before it is mounted.
  const [loadedValues, setLoadedValues] = useState<{ key: number; values: DraftFormValues }>();
  const sections = useEditorSections();
  const markDirty = useCallback(() => setDirty(true), []);
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

  // Problems per tab, for the badges: an object that changes only with the problems.
  const problemCounts = useMemo(() => {
    const counts: Record<string, number> = {};
    for (const problem of problems ?? []) {
      const section = parseJsonPath(problem.path)?.[0];
      if (typeof section === 'string') counts[section] = (counts[section] ?? 0) + 1;
    }
    return counts;
  }, [problems]);

  const run = async (key: string, action: () => Promise<void>) => {
    setBusy(key);
    setActionError(undefined);
    try {
      await action();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.text?.code === 'draft_base_overtaken') {
        // A version was published since the draft's base: reload (the page then says the draft is stale) and offer the rebase.
        await load();
        setConflict({ reason: errorText(error, t, lang), staleBase: true });
      } else if (error instanceof ApiError && error.status === 409 && (error.code === 'stale_revision' || key === 'save')) setConflict({ reason: errorText(error, t, lang), staleBase: false });
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
  const stale = draft.latestVersion !== undefined && draft.status !== 'published' && draft.status !== 'publishing';
  const openRebase = () => {
    if (dirty && editable) void message.warning(text('rebase_unsaved_first'));
    else setRebaseOpen(true);
  };
  const describePath = (path: string) => describeEditorPath(path, sections, t);

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
      {stale && (
        <Alert
          type="warning"
          showIcon
          data-testid="draft-stale"
          title={text('draft_stale_notice', { base: draft.baseVersion ?? '', latest: draft.latestVersion! })}
          action={
            <Button data-testid="rebase-open" onClick={openRebase}>
              {text('rebase_open')}
            </Button>
          }
        />
      )}
      {actionError !== undefined && <ErrorAlert error={actionError} />}
      {problems && problems.length === 0 && <Alert type="success" showIcon title={t('validOk')} data-testid="valid-ok" />}
      {warnings.length > 0 && (
        <PathList type="warning" testId="draft-warnings" itemTestId="draft-warning" title={text('draft_warnings_title', { count: warnings.length })} items={warnings.map((w) => ({ where: describePath(w.path), message: problemText(w, lang), code: w.code }))} />
      )}
      {problems && problems.length > 0 && (
        <PathList type="error" testId="draft-problems" title={t('problemsFound', { count: problems.length })} items={problems.map((p) => ({ where: describePath(p.path), message: problemText(p, lang), code: p.code }))} />
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
      <RuleSetEditor
        form={form}
        initialValues={loadedValues?.values}
        editable={editable}
        sections={sections}
        problems={placed.byField}
        warnings={placedWarnings.byField}
        problemCounts={problemCounts}
        onEdited={markDirty}
      />
      <SimulationPanel ruleSetId={ruleSetId} draft={draft} beforeSimulate={async () => (dirty && editable ? save() : draft)} />
      <SolvePanel ruleSetId={ruleSetId} draft={draft} beforeSolve={async () => (dirty && editable ? save() : draft)} />
      <Modal
        open={conflict !== null}
        title={conflict?.staleBase ? text('rebase_publish_refused_title') : t('conflictTitle')}
        data-testid="conflict-dialog"
        onCancel={() => setConflict(null)}
        footer={[
          <Button key="cancel" onClick={() => setConflict(null)}>
            {t('cancel')}
          </Button>,
          conflict?.staleBase ? (
            <Button key="rebase" type="primary" data-testid="conflict-rebase" onClick={() => (setConflict(null), openRebase())}>
              {text('rebase_open')}
            </Button>
          ) : (
            <Button key="reload" type="primary" onClick={() => void load()}>
              {t('reload')}
            </Button>
          ),
        ]}
      >
        {conflict?.staleBase ? (
          <p data-testid="conflict-text">{conflict.reason}</p>
        ) : (
          <>
            <p data-testid="conflict-text">{t('conflictText')}</p>
            {conflict && <Typography.Text type="secondary">{conflict.reason}</Typography.Text>}
          </>
        )}
      </Modal>
      <RebaseDialog
        ruleSetId={ruleSetId}
        draft={draft}
        open={rebaseOpen}
        onClose={() => setRebaseOpen(false)}
        onReload={load}
        onRebased={async (answer) => {
          setRebaseOpen(false);
          void message.success(text('rebase_saved', { version: answer.latestVersion, revision: answer.revision }));
          await load();
        }}
      />
    </Space>
  );
}

/** Problems or warnings listed above the editor, each where it is in the editor's words, with its code or path. */
function PathList({ type, testId, itemTestId, title, items }: { type: 'error' | 'warning'; testId: string; itemTestId?: string; title: string; items: { where: string; message: string; code?: string | undefined }[] }) {
  return (
    <Alert
      type={type}
      showIcon
      data-testid={testId}
      title={title}
      description={
        <ul style={{ margin: 0 }}>
          {items.map((item, i) => (
            // The code stays out of sight (a person reads the words); tests and support find it in data-code.
            <li key={i} data-code={item.code} {...(itemTestId ? { 'data-testid': itemTestId } : {})}>
              {item.where}：{item.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}
