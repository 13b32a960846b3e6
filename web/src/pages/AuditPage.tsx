import { Alert, Button, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { exportAudit, listAudit, type AuditEntry, type AuditQuery } from '../api/endpoints';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatTime } from '../components/labels';
import { useAsync } from '../components/useAsync';
import { useText } from '../components/useText';
import { CATALOG } from '../../../messages';
import { nameOf, ROLE_NAMES } from '../../../messages/enums';
import { useI18n } from '../i18n/i18n';

const ACTIONS = ['run.', 'run.create', 'run.approve', 'run.return', 'run.withdraw', 'run.supersede', 'draft.', 'ruleset.publish', 'dataset.'];

/** 审计日志: the append-only trail, filtered on the server by action, person, subject and days, exportable to XLSX. */
export function AuditPage() {
  const { lang, t } = useI18n();
  const text = useText();
  // Details as "name: value" pairs in the page's language (labels from the catalogue, yes/no rather than true/false).
  const detailText = (details: Record<string, unknown>) =>
    Object.entries(details)
      .map(([key, value]) => {
        const label = `audit_detail_${key}` in CATALOG ? text(`audit_detail_${key}`) : key;
        const shown =
          typeof value === 'boolean'
            ? t(value ? 'yes' : 'no')
            : key === 'role' && typeof value === 'string'
              ? nameOf(ROLE_NAMES, value, lang)
              : typeof value === 'object' && value !== null
                ? JSON.stringify(value)
                : String(value);
        return `${label}${lang === 'zh' ? '：' : ': '}${shown}`;
      })
      .join(lang === 'zh' ? '；' : '; ');
  const [draft, setDraft] = useState<AuditQuery>({});
  const [query, setQuery] = useState<AuditQuery>({});
  const [more, setMore] = useState<{ items: AuditEntry[]; cursor?: string }>({ items: [] });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const page = useAsync(async () => {
    const first = await listAudit(query);
    setMore({ items: [], ...(first.cursor ? { cursor: first.cursor } : {}) });
    return first;
  }, [JSON.stringify(query)]);
  const rows = [...(page.data?.items ?? []), ...more.items];
  const actionName = (action: string) => {
    const code = `audit_action_${action.replace(/\./g, '_')}`;
    const name = text(code);
    return name === code ? action : name;
  };
  const set = (key: keyof AuditQuery) => (value: string | undefined) => setDraft((now) => ({ ...now, [key]: value || undefined }));
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await work();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{text('audit_title')}</Typography.Title>
      <Alert type="info" showIcon title={text('audit_append_only')} />
      <Space wrap data-testid="audit-filters">
        <Select
          allowClear
          data-testid="audit-action"
          style={{ width: 180 }}
          placeholder={text('audit_all_actions')}
          value={draft.action}
          onChange={set('action')}
          options={ACTIONS.map((value) => ({ value, label: value.endsWith('.') ? `${value}*` : actionName(value) }))}
        />
        <Input data-testid="audit-actor" style={{ width: 160 }} placeholder={text('audit_actor')} value={draft.actor ?? ''} onChange={(e) => set('actor')(e.target.value)} />
        <Input data-testid="audit-subject" style={{ width: 220 }} placeholder={text('audit_subject')} value={draft.subject ?? ''} onChange={(e) => set('subject')(e.target.value)} />
        <Input data-testid="audit-from" type="date" style={{ width: 160 }} aria-label={text('audit_from')} value={draft.from ?? ''} onChange={(e) => set('from')(e.target.value)} />
        <Input data-testid="audit-to" type="date" style={{ width: 160 }} aria-label={text('audit_to')} value={draft.to ?? ''} onChange={(e) => set('to')(e.target.value)} />
        <Button type="primary" data-testid="audit-search" onClick={() => setQuery(draft)}>
          {text('audit_search')}
        </Button>
        <Button
          onClick={() => {
            setDraft({});
            setQuery({});
          }}
        >
          {text('audit_reset')}
        </Button>
        <Button data-testid="audit-export" loading={busy} onClick={() => void act(() => exportAudit(query, lang))}>
          {text('audit_export')}
        </Button>
      </Space>
      {page.error !== undefined && <ErrorAlert error={page.error} onRetry={page.reload} />}
      {failure !== undefined && <ErrorAlert error={failure} />}
      <Table<AuditEntry>
        data-testid="audit-table"
        rowKey="eventId"
        size="small"
        loading={page.loading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: text('audit_time'), dataIndex: 'at', width: 180, render: (at: string) => formatTime(at, lang) },
          { title: text('audit_action'), dataIndex: 'action', width: 140, render: (action: string) => <span data-testid="audit-row-action">{actionName(action)}</span> },
          { title: text('audit_actor'), dataIndex: 'actor', width: 120 },
          { title: text('audit_subject'), dataIndex: 'subject' },
          {
            title: text('audit_details'),
            render: (_: unknown, entry) => (entry.details ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{detailText(entry.details)}</Typography.Text> : null),
          },
        ]}
      />
      {more.cursor && (
        <Button
          data-testid="audit-more"
          loading={busy}
          onClick={() =>
            void act(async () => {
              const next = await listAudit(query, more.cursor);
              setMore((now) => ({ items: [...now.items, ...next.items], ...(next.cursor ? { cursor: next.cursor } : {}) }));
            })
          }
        >
          {text('audit_more')}
        </Button>
      )}
    </Space>
  );
}
