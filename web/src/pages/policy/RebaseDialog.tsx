import { Alert, Button, Modal, Radio, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { RuleSet } from '../../../../domain/ruleset';
import { diffRuleSets } from '../../../../domain/diff';
import type { Side } from '../../../../domain/rebase';
import { ApiError } from '../../api/client';
import { getVersion, rebaseDraft, type DraftView, type MergeConflict, type RebaseView, type RuleSetVersion } from '../../api/endpoints';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { collectionLabel, ruleFieldName, ruleValueText, RuleSetDiffView } from '../../components/RuleSetDiffView';
import { useText } from '../../components/useText';
import { useI18n } from '../../i18n/i18n';

const COLLECTIONS = ['tiers', 'categories', 'majors', 'classBands', 'uplifts'] as const;
/** The structural diff needs whole rule sets; a draft may still lack a collection (it is validated on publish). */
function diffable(content: unknown): content is RuleSet {
  return typeof content === 'object' && content !== null && COLLECTIONS.every((name) => Array.isArray((content as Record<string, unknown>)[name]));
}

/** A refusal that means the draft or the latest version moved since the preview: reload, preview again, say so. */
const movedMeanwhile = (error: unknown) => error instanceof ApiError && error.status === 409 && (error.code === 'stale_revision' || error.code === 'rebase_target_moved');

/**
 * 合并到最新版本: the draft's changes replayed onto the latest version by the server (POST …/rebase), shown before
 * anything is saved: each conflict field by field in words (base, draft, latest) with a choice of side, and what the
 * merged draft changes in the latest version, as the version diff shows it. Saving names the version previewed and
 * the revision read, so nothing published or saved meanwhile is merged unseen.
 */
export function RebaseDialog({ ruleSetId, draft, open, onClose, onReload, onRebased }: { ruleSetId: string; draft: DraftView; open: boolean; onClose: () => void; onReload: () => Promise<void>; onRebased: (answer: RebaseView) => void }) {
  const { t, lang } = useI18n();
  const text = useText();
  const [resolutions, setResolutions] = useState<Record<string, Side>>({});
  const [preview, setPreview] = useState<RebaseView>();
  const [latest, setLatest] = useState<RuleSetVersion>();
  const [failure, setFailure] = useState<unknown>();
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const moved = async (error: unknown) => {
    const reason = errorText(error, t, lang);
    setNote(lang === 'zh' ? `${text('rebase_reloaded')}（${reason}）` : `${text('rebase_reloaded')} (${reason})`);
    // The old preview is no longer what a save would merge: nothing to save until the new one is shown.
    setPreview(undefined);
    setResolutions({});
    await onReload();
  };

  useEffect(() => {
    if (!open) return;
    let current = true;
    setFailure(undefined);
    rebaseDraft(ruleSetId, draft.draftId, { revision: draft.revision, resolutions }).then(
      (answer) => current && setPreview(answer),
      (error: unknown) => {
        if (!current) return;
        if (movedMeanwhile(error)) void moved(error);
        else {
          setFailure(error);
          // Someone else rebased it meanwhile: the reloaded page no longer calls the draft stale (the reason stays shown).
          if (error instanceof ApiError && error.code === 'rebase_not_needed') void onReload();
        }
      },
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, ruleSetId, draft.draftId, draft.revision, resolutions]);

  const latestVersion = preview?.latestVersion;
  useEffect(() => {
    if (!open || latestVersion === undefined || latest?.version === latestVersion) return;
    getVersion(ruleSetId, latestVersion).then(setLatest, setFailure);
  }, [open, ruleSetId, latestVersion, latest?.version]);

  const changes = useMemo(
    () => (preview && latest && latest.version === preview.latestVersion && diffable(preview.merged) && diffable(latest.ruleSet) ? diffRuleSets(latest.ruleSet, preview.merged) : undefined),
    [preview, latest],
  );

  const save = async () => {
    if (!preview) return;
    setBusy(true);
    setFailure(undefined);
    try {
      onRebased(await rebaseDraft(ruleSetId, draft.draftId, { revision: draft.revision, onto: preview.latestVersion, resolutions, save: true }));
      setNote(null);
    } catch (error) {
      if (movedMeanwhile(error)) await moved(error);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const where = (conflict: MergeConflict) => {
    const field = conflict.field ? ruleFieldName(conflict.field, lang) : text('rebase_whole_item');
    return conflict.collection ? `${collectionLabel(conflict.collection, t, lang)} ${conflict.key ?? ''} · ${field}` : field;
  };
  const value = (conflict: MergeConflict, side: 'base' | 'ours' | 'theirs') => {
    const chosen = conflict[side];
    return chosen === null ? text('rebase_absent') : ruleValueText(chosen, lang, conflict.field || conflict.collection || '');
  };
  const unresolved = preview?.unresolved.length ?? 0;
  const conflicts = preview?.conflicts ?? [];

  return (
    <Modal
      open={open}
      width={1000}
      title={text('rebase_title', { latest: latestVersion ?? draft.latestVersion ?? '' })}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('cancel')}
        </Button>,
        <Button key="save" type="primary" data-testid="rebase-save" loading={busy} disabled={!preview || unresolved > 0} onClick={() => void save()}>
          {unresolved > 0 ? text('rebase_choose_all', { count: unresolved }) : text('rebase_save')}
        </Button>,
      ]}
    >
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="rebase-dialog">
        {note && <Alert type="warning" showIcon data-testid="rebase-reloaded" title={note} />}
        {failure !== undefined && <ErrorAlert error={failure} />}
        {preview && conflicts.length === 0 && <Alert type="success" showIcon data-testid="rebase-clean" title={text('rebase_clean', { latest: preview.latestVersion })} />}
        {preview && conflicts.length > 0 && (
          <>
            <Typography.Text data-testid="rebase-conflicts-text">{text('rebase_conflicts', { count: conflicts.length, latest: preview.latestVersion })}</Typography.Text>
            <Table<MergeConflict>
              data-testid="rebase-conflicts"
              size="small"
              rowKey="path"
              pagination={false}
              dataSource={conflicts}
              columns={[
                { title: text('rebase_col_where'), key: 'where', render: (_: unknown, c) => <span data-testid="rebase-conflict-where">{where(c)}</span> },
                { title: text('rebase_value_base', { version: preview.baseVersion ?? '' }), key: 'base', render: (_: unknown, c) => value(c, 'base') },
                { title: text('rebase_value_ours'), key: 'ours', render: (_: unknown, c) => <span data-testid="rebase-conflict-ours">{value(c, 'ours')}</span> },
                { title: text('rebase_value_theirs', { version: preview.latestVersion }), key: 'theirs', render: (_: unknown, c) => <span data-testid="rebase-conflict-theirs">{value(c, 'theirs')}</span> },
                {
                  title: text('rebase_col_choice'),
                  key: 'choice',
                  render: (_: unknown, c, index) => (
                    <Radio.Group
                      data-testid={`rebase-choice-${index}`}
                      data-path={c.path}
                      value={resolutions[c.path]}
                      onChange={(event) => setResolutions({ ...resolutions, [c.path]: event.target.value as Side })}
                      options={[
                        { value: 'ours', label: <span data-testid={`rebase-keep-ours-${index}`}>{text('rebase_keep_ours')}</span> },
                        { value: 'theirs', label: <span data-testid={`rebase-take-theirs-${index}`}>{text('rebase_take_theirs')}</span> },
                      ]}
                    />
                  ),
                },
              ]}
            />
          </>
        )}
        {preview && (
          <>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {text('rebase_changes_title', { latest: preview.latestVersion })}
            </Typography.Title>
            {changes ? <div data-testid="rebase-changes">{changes.identical ? <Typography.Text>{text('rebase_no_changes', { latest: preview.latestVersion })}</Typography.Text> : <RuleSetDiffView diff={changes} />}</div> : null}
          </>
        )}
        <Typography.Text type="secondary">{text('rebase_four_eyes')}</Typography.Text>
      </Space>
    </Modal>
  );
}
