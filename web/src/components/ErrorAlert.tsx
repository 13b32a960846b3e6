import { Alert, Table } from 'antd';
import { render } from '../../../messages/index';
import { ApiError, type ProblemDetail } from '../api/client';
import { useI18n, type Lang, type Translate } from '../i18n/i18n';

/** A problem in the console's language from its code, or the API's words for a problem without one. */
export function problemText(problem: { code?: string; params?: ProblemDetail['params']; message?: string }, lang: Lang): string {
  return problem.code ? render({ code: problem.code, ...(problem.params ? { params: problem.params } : {}) }, lang) : (problem.message ?? '');
}

/**
 * The words for any failure, never the API's raw JSON: rendered from the API's code in the console's language when
 * it sent one (so switching language re-renders it), else the API's own words.
 */
export function errorText(error: unknown, t: Translate, lang: Lang = 'zh'): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('errorNetwork');
    const fromCode = error.text ? problemText(error.text, lang) : '';
    if (error.status === 401) return fromCode || error.message || t('errorSignedOut');
    return fromCode || error.message || t('errorUnexpected', { status: error.status });
  }
  return error instanceof Error ? error.message : String(error);
}

export function ProblemTable({ problems, testId }: { problems: ProblemDetail[]; testId?: string }) {
  const { t, lang } = useI18n();
  const rows = problems.map((problem, index) => ({ ...problem, text: problemText(problem, lang), key: index }));
  return (
    <Table
      data-testid={testId ?? 'problem-table'}
      size="small"
      pagination={rows.length > 20 ? { pageSize: 20 } : false}
      dataSource={rows}
      columns={[
        { title: t('errorPath'), dataIndex: 'path', width: 220 },
        { title: t('errorMessage'), dataIndex: 'text' },
      ]}
    />
  );
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const details = error instanceof ApiError ? error.details : [];
  return (
    <Alert
      data-testid="error-alert"
      type="error"
      showIcon
      title={t('errorTitle')}
      description={
        <>
          <div data-testid="error-message">{errorText(error, t, lang)}</div>
          {details.length > 0 && <ProblemTable problems={details} />}
        </>
      }
      action={onRetry ? <a onClick={onRetry}>{t('retry')}</a> : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}
