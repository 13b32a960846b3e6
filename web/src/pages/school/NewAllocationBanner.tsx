import { Alert, Button, Space } from 'antd';
import { useState } from 'react';
import { listRuns } from '../../api/endpoints';
import type { Session } from '../../auth/session';
import { formatTime } from '../../components/labels';
import { useAsync } from '../../components/useAsync';
import { useText } from '../../components/useText';
import { useI18n } from '../../i18n/i18n';
import { hrefOf } from '../../router';

const seenKey = (schoolId: string) => `skillfund.seenAllocations.${schoolId}`;

function readSeen(schoolId: string): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(seenKey(schoolId)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * A school hears that an allocation became current for it: a banner over every page until it opens or dismisses
 * it (remembered in this browser). The list of runs a school may read is the source, so it needs nothing else.
 */
export function NewAllocationBanner({ session }: { session: Session }) {
  const { lang, t } = useI18n();
  const text = useText();
  const schoolId = session.schoolId ?? '';
  const runs = useAsync(listRuns, [session.user]);
  const [seen, setSeen] = useState(() => readSeen(schoolId));
  const fresh = (runs.data ?? []).filter((run) => run.lifecycle === 'approved' && !seen.includes(run.runId));
  const newest = fresh.sort((a, b) => (b.approvedAt ?? '').localeCompare(a.approvedAt ?? ''))[0];
  if (!newest) return null;
  const markSeen = () => {
    const next = [...new Set([...seen, ...fresh.map((run) => run.runId)])].slice(-50);
    localStorage.setItem(seenKey(schoolId), JSON.stringify(next));
    setSeen(next);
  };
  return (
    <Alert
      banner
      type="info"
      showIcon
      data-testid="new-allocation-banner"
      title={text('school_new_allocation', { year: newest.request.fiscalYear, runId: newest.runId, at: formatTime(newest.approvedAt, lang) })}
      action={
        <Space>
          <Button size="small" type="primary" data-testid="banner-view" href={hrefOf('school', 'runs', newest.runId, schoolId)} onClick={markSeen}>
            {t('view')}
          </Button>
          <Button size="small" data-testid="banner-dismiss" onClick={markSeen}>
            ×
          </Button>
        </Space>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
