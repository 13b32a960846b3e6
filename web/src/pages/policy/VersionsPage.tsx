import { App, Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { createDraft, diffVersions, listDrafts, listRuleSets, listVersions, type VersionInfo } from '../../api/endpoints';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { formatTime } from '../../components/labels';
import { RuleSetDiffView } from '../../components/RuleSetDiffView';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n/i18n';
import { hrefOf, navigate } from '../../router';
import { recentDrafts, rememberDraft } from './recentDrafts';

export function VersionsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const ruleSets = useAsync(listRuleSets, []);
  const [ruleSetId, setRuleSetId] = useState<string>();
  useEffect(() => {
    if (!ruleSetId && ruleSets.data?.[0]) setRuleSetId(ruleSets.data[0].ruleSetId);
  }, [ruleSets.data, ruleSetId]);
  const versions = useAsync(() => (ruleSetId ? listVersions(ruleSetId) : Promise.resolve([] as VersionInfo[])), [ruleSetId]);
  const sorted = [...(versions.data ?? [])].sort((a, b) => b.version - a.version);
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  useEffect(() => {
    setTo(sorted[0]?.version);
    setFrom(sorted[1]?.version ?? sorted[0]?.version);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [versions.data]);
  const diff = useAsync(() => (ruleSetId && from && to ? diffVersions(ruleSetId, from, to) : Promise.resolve(undefined)), [ruleSetId, from, to]);
  // Older servers have no draft listing: then the drafts this browser opened are all we know.
  const drafts = useAsync(
    async () => {
      if (!ruleSetId) return recentDrafts();
      try {
        return (await listDrafts(ruleSetId)).map((d) => ({ ruleSetId: d.ruleSetId, draftId: d.draftId, label: `${d.draftId} · v${d.baseVersion ?? '?'} · ${t(`draftStatus_${d.status === 'publishing' ? 'submitted' : d.status}`)} · ${d.lastEditor}` }));
      } catch {
        return recentDrafts();
      }
    },
    [ruleSetId, lang],
  );
  const [creating, setCreating] = useState<number | null>(null);
  const [openId, setOpenId] = useState('');

  const newDraft = async (version: number) => {
    if (!ruleSetId) return;
    setCreating(version);
    try {
      const draft = await createDraft(ruleSetId, version);
      rememberDraft({ ruleSetId, draftId: draft.draftId, label: `v${version} → ${draft.draftId}` });
      navigate('policy', 'drafts', ruleSetId, draft.draftId);
    } catch (failure) {
      void message.error(errorText(failure, t, lang));
    } finally {
      setCreating(null);
    }
  };
  const versionOptions = sorted.map((v) => ({ value: v.version, label: `v${v.version}` }));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('versionsTitle')}</Typography.Title>
      {ruleSets.error !== undefined && <ErrorAlert error={ruleSets.error} onRetry={ruleSets.reload} />}
      {versions.error !== undefined && <ErrorAlert error={versions.error} onRetry={versions.reload} />}
      <Select
        style={{ minWidth: 360 }}
        value={ruleSetId}
        onChange={setRuleSetId}
        options={(ruleSets.data ?? []).map((r) => ({ value: r.ruleSetId, label: `${r.name} (${r.ruleSetId})` }))}
      />
      <Table<VersionInfo>
        data-testid="versions-table"
        rowKey="version"
        loading={versions.loading}
        dataSource={sorted}
        pagination={false}
        columns={[
          { title: t('version'), dataIndex: 'version', render: (v: number) => `v${v}` },
          { title: t('publishedAt'), dataIndex: 'publishedAt', render: (value: string) => formatTime(value, lang) },
          { title: t('publishedBy'), dataIndex: 'publishedBy' },
          { title: t('lastEditedBy'), dataIndex: 'author' },
          { title: '', dataIndex: 'changeNote' },
          {
            title: '',
            render: (_: unknown, v: VersionInfo) => (
              <Button data-testid={`new-draft-${v.version}`} loading={creating === v.version} onClick={() => newDraft(v.version)}>
                {t('newDraft')}
              </Button>
            ),
          },
        ]}
      />
      <Card
        title={t('diffTitle')}
        extra={
          <Space>
            {t('diffFrom')}
            <Select data-testid="diff-from" style={{ width: 100 }} value={from} onChange={setFrom} options={versionOptions} />
            {t('diffTo')}
            <Select data-testid="diff-to" style={{ width: 100 }} value={to} onChange={setTo} options={versionOptions} />
          </Space>
        }
      >
        {diff.error !== undefined && <ErrorAlert error={diff.error} />}
        {diff.data && <RuleSetDiffView diff={diff.data} />}
      </Card>
      <Card title={t('draftsTitle')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <div data-testid="drafts-list">
            {(drafts.data ?? []).map((ref) => (
              <div key={`${ref.ruleSetId}/${ref.draftId}`} className="plain-list-item">
                <a href={hrefOf('policy', 'drafts', ref.ruleSetId, ref.draftId)}>
                  {ref.ruleSetId} · {ref.label}
                </a>
              </div>
            ))}
          </div>
          <Space.Compact style={{ maxWidth: 420 }}>
            <Input placeholder={t('draftIdPlaceholder')} aria-label={t('draftIdPlaceholder')} value={openId} onChange={(e) => setOpenId(e.target.value)} data-testid="open-draft-id" />
            <Button disabled={!ruleSetId || !openId.trim()} onClick={() => navigate('policy', 'drafts', ruleSetId!, openId.trim())}>
              {t('view')}
            </Button>
          </Space.Compact>
        </Space>
      </Card>
    </Space>
  );
}
