import { Alert, Button, Card, Descriptions, Input, Modal, Space, Table, Typography, type ButtonProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { approveRun, returnRun, withdrawRun, type Decision, type ExcludedLine, type RunDetail } from '../../api/endpoints';
import type { Session } from '../../auth/session';
import { formatTime } from '../../components/labels';
import { useText, type Text } from '../../components/useText';
import { useI18n } from '../../i18n/i18n';
import { nameOf, REASON_NAMES } from '../../../../messages/enums';
import { render } from '../../../../messages/index';

type DecisionKind = 'approve' | 'return' | 'withdraw';

/** Who decided what and why: approval, return, withdrawal, supersession, and a decision left unfinished. */
export function DecisionLines({ run }: { run: RunDetail }) {
  const { lang } = useI18n();
  const text = useText();
  const time = (at: string) => formatTime(at, lang);
  const line = (code: string, decision: Decision, extra: Record<string, string> = {}) => (
    <>
      {text(code, { by: decision.by, at: time(decision.at), ...extra })}
      {decision.comment ? <div data-testid="decision-comment">{text('run_comment_line', { comment: decision.comment })}</div> : null}
    </>
  );
  type Item = { key: string; label: string; children: ReactNode; testId: string };
  const items = ([
    run.approval && { key: 'approval', label: text('run_state_approved'), children: line('run_approved_line', run.approval), testId: 'approved-by' },
    run.approval?.supersedes && { key: 'supersedes', label: text('run_state_superseded'), children: text('run_supersedes_line', { runId: run.approval.supersedes }), testId: 'supersedes' },
    run.supersededBy && { key: 'superseded', label: text('run_state_superseded'), children: line('run_superseded_line', run.supersededBy, { runId: run.supersededBy.runId }), testId: 'superseded-by' },
    run.returned && { key: 'returned', label: text('run_state_returned'), children: line('run_returned_line', run.returned), testId: 'returned-by' },
    run.withdrawn && { key: 'withdrawn', label: text('run_state_withdrawn'), children: line('run_withdrawn_line', run.withdrawn), testId: 'withdrawn-by' },
    run.pending && { key: 'pending', label: '…', children: text('run_pending_line', { by: run.pending.by, at: time(run.pending.at) }), testId: 'pending' },
  ] as (Item | undefined | false | '')[]).filter((item): item is Item => Boolean(item));
  if (!items.length) return null;
  return (
    <Descriptions bordered size="small" column={1} data-testid="decision-lines">
      {items.map((item) => (
        <Descriptions.Item key={item.key} label={item.label}>
          <span data-testid={item.testId}>{item.children}</span>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

/** The moves this person may make on a run under review, each in a dialog that asks for its comment. */
export function DecisionButtons({ run, session, onDecided, onFailed }: { run: RunDetail; session: Session; onDecided: () => void; onFailed: (error: unknown) => void }) {
  const text = useText();
  const [open, setOpen] = useState<DecisionKind | null>(null);
  if (run.lifecycle !== 'review' || run.status !== 'complete') return null;
  const isCreator = run.createdBy === session.user;
  return (
    <>
      {isCreator ? (
        <>
          <Button disabled data-testid="approve">
            {text('run_action_approve')}
          </Button>
          <Button danger data-testid="withdraw" onClick={() => setOpen('withdraw')}>
            {text('run_action_withdraw')}
          </Button>
          <Typography.Text type="secondary" data-testid="approve-explain">
            {text('run_withdraw_self_only')}
          </Typography.Text>
        </>
      ) : (
        <>
          <Button type="primary" data-testid="approve" onClick={() => setOpen('approve')}>
            {text('run_action_approve')}
          </Button>
          <Button danger data-testid="return" onClick={() => setOpen('return')}>
            {text('run_action_return')}
          </Button>
        </>
      )}
      {open && (
        <DecisionDialog
          kind={open}
          run={run}
          onClose={() => setOpen(null)}
          onDecided={() => {
            setOpen(null);
            onDecided();
          }}
          onFailed={onFailed}
        />
      )}
    </>
  );
}

function DecisionDialog({ kind, run, onClose, onDecided, onFailed }: { kind: DecisionKind; run: RunDetail; onClose: () => void; onDecided: () => void; onFailed: (error: unknown) => void }) {
  const text = useText();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const supersedes = kind === 'approve' && run.currentRunId && run.currentRunId !== run.runId ? run.currentRunId : undefined;
  const required = kind === 'return' || supersedes !== undefined;
  const label = kind === 'approve' ? (supersedes ? 'run_supersede_comment' : 'run_approve_comment') : kind === 'return' ? 'run_return_comment' : 'run_withdraw_comment';

  const submit = async () => {
    const trimmed = comment.trim();
    if (required && !trimmed) return setMissing(true);
    setBusy(true);
    try {
      if (kind === 'approve') await approveRun(run.runId, { ...(trimmed ? { comment: trimmed } : {}), ...(supersedes ? { supersedes } : {}) });
      else if (kind === 'return') await returnRun(run.runId, trimmed);
      else await withdrawRun(run.runId, trimmed || undefined);
      onDecided();
    } catch (error) {
      onClose();
      onFailed(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={text(`run_${kind}_title`, { runId: run.runId })}
      okText={text(`run_action_${kind}`)}
      okButtonProps={{ danger: kind !== 'approve', loading: busy, 'data-testid': `${kind}-ok` } as ButtonProps}
      onOk={() => void submit()}
      onCancel={onClose}
      data-testid={`${kind}-dialog`}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {kind === 'approve' && <ExcludedSummary run={run} text={text} />}
        {supersedes && <Alert type="warning" showIcon data-testid="supersede-notice" title={text('run_supersede_notice', { current: supersedes, year: run.request.fiscalYear })} />}
        <Typography.Text strong>{text(label)}</Typography.Text>
        <Input.TextArea
          data-testid={`${kind}-comment`}
          rows={3}
          maxLength={2000}
          value={comment}
          status={missing ? 'error' : undefined}
          onChange={(event) => {
            setComment(event.target.value);
            setMissing(false);
          }}
        />
        {missing && <Typography.Text type="danger">{text('run_comment_required')}</Typography.Text>}
      </Space>
    </Modal>
  );
}

function ExcludedSummary({ run, text }: { run: RunDetail; text: Text }) {
  const figures = run.excludedFigures;
  const count = figures?.lines ?? run.excludedCount ?? 0;
  if (!count) return <Alert type="success" showIcon data-testid="excluded-summary" title={text('run_excluded_none')} />;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="excluded-summary"
      title={text('run_excluded_summary', {
        lines: count,
        students: figures?.students ?? '—',
        priced: figures?.priced ?? 0,
        entitlement: figures?.entitlement ?? '0',
        unpriced: figures?.unpriced ?? count,
      })}
    />
  );
}

/** The excluded lines with their reasons, which an approver must have seen. */
export function ExcludedLinesCard({ run }: { run: RunDetail }) {
  const { t, lang } = useI18n();
  const text = useText();
  const excluded = run.excluded ?? [];
  if (!excluded.length) return null;
  const reasonOf = (line: ExcludedLine) => nameOf(REASON_NAMES, line.reason, lang);
  const problemsOf = (line: ExcludedLine) => line.problems.map((problem) => render(problem, lang)).join(lang === 'zh' ? '' : ' ');
  return (
    <Card title={text('run_excluded_title')} size="small" data-testid="excluded-lines">
      <ExcludedSummary run={run} text={text} />
      <Table<ExcludedLine>
        size="small"
        rowKey="row"
        dataSource={excluded}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('row'), dataIndex: 'row', width: 80 },
          { title: t('schoolId'), dataIndex: 'schoolId', width: 120 },
          { title: text('run_excluded_reason'), render: (_: unknown, line) => <span data-testid="excluded-reason">{reasonOf(line)}</span> },
          { title: t('errorMessage'), key: 'problems', render: (_: unknown, line) => problemsOf(line) },
        ]}
      />
      {(run.excludedCount ?? 0) > excluded.length && <Typography.Text type="secondary">{text('run_excluded_more', { shown: excluded.length, count: run.excludedCount! })}</Typography.Text>}
    </Card>
  );
}
