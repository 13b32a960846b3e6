import { Alert, Button, Checkbox, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { publishDraft, type DraftView, type DraftWarning } from '../../api/endpoints';
import { useText } from '../../components/useText';
import { useI18n } from '../../i18n/i18n';

/**
 * Publishing: only someone who changed no revision of the draft; exactly the revision on screen; and with every
 * plausibility warning accepted by its code, one tick each, which the published version records.
 */
export function PublishButton({ draft, warnings, onPublished, onRefused }: { draft: DraftView; warnings: DraftWarning[]; onPublished: (version: number) => Promise<void>; onRefused: (error: unknown) => void }) {
  const { t } = useI18n();
  const text = useText();
  const [asking, setAsking] = useState(false);
  const [accepted, setAccepted] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const codes = [...new Set(warnings.map((w) => w.code))];

  const publish = async (acceptWarnings: string[]) => {
    setBusy(true);
    try {
      const version = await publishDraft(draft.ruleSetId, draft.draftId, draft.revision, acceptWarnings);
      setAsking(false);
      await onPublished(version.version);
    } catch (error) {
      setAsking(false);
      onRefused(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        type="primary"
        data-testid="publish-draft"
        disabled={draft.authoredByYou}
        loading={busy}
        onClick={() => (codes.length ? (setAccepted([]), setAsking(true)) : void publish([]))}
      >
        {t('publish')}
      </Button>
      {draft.authoredByYou && (
        <Typography.Text type="secondary" data-testid="publish-explain">
          {text('draft_you_are_author')}
        </Typography.Text>
      )}
      {draft.status === 'publishing' && draft.publishing && (
        <Alert type="info" showIcon data-testid="publish-pending" title={text('draft_publish_in_progress', { draftId: draft.draftId, by: draft.publishing.by })} />
      )}
      <Modal
        open={asking}
        title={text('draft_accept_warnings_title', { revision: draft.revision })}
        okText={t('publish')}
        okButtonProps={{ disabled: accepted.length < codes.length, loading: busy }}
        onOk={() => void publish(accepted)}
        onCancel={() => setAsking(false)}
        data-testid="accept-warnings-dialog"
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          {codes.map((code) => (
            <div key={code}>
              <Checkbox
                data-testid={`accept-${code}`}
                checked={accepted.includes(code)}
                onChange={(event) => setAccepted((now) => (event.target.checked ? [...now, code] : now.filter((c) => c !== code)))}
              >
                {text('draft_accept_warning', { code })}
              </Checkbox>
              <ul style={{ margin: '4px 0 0 24px' }}>
                {warnings
                  .filter((w) => w.code === code)
                  .map((w, i) => (
                    <li key={i}>{w.message}</li>
                  ))}
              </ul>
            </div>
          ))}
        </Space>
      </Modal>
    </>
  );
}
