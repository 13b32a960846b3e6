import { InboxOutlined } from '@ant-design/icons';
import { Alert, Card, Input, InputNumber, Progress, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { FIELD_NAMES, nameOf } from '../../../../messages/enums';
import { ApiError } from '../../api/client';
import type { Coded } from '../../../../domain/problems';
import { render } from '../../../../messages/index';
import { listDatasets, uploadDataset, type DatasetHeader, type RowProblem, type UploadedDataset } from '../../api/endpoints';
import { useText } from '../../components/useText';
import { ErrorAlert, problemText } from '../../components/ErrorAlert';
import { createdColumns } from '../../components/createdColumns';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n/i18n';

/** A row problem as the page lists it: where, and the problem as a code (or the API's words without one). */
type ShownProblem = Pick<RowProblem, 'row' | 'field' | 'params'> & { code?: string; message?: string };
type UploadOutcome = { kind: 'ok'; dataset: UploadedDataset } | { kind: 'rows'; problems: ShownProblem[]; total: number; refused: boolean } | { kind: 'error'; error: unknown };

/** A row-level refusal arrives either as error details ("row 7") or as a sealed header with problems. */
function rowProblemsOf(error: unknown): ShownProblem[] | null {
  if (!(error instanceof ApiError) || error.details.length === 0) return null;
  // The API writes a row problem at "row 7.students" with its code and parameters.
  return error.details.map((detail) => {
    const at = /^row (\d+)(?:\.(.+))?$/.exec(detail.path);
    return { row: at ? Number(at[1]) : 0, field: at ? at[2] : detail.path, code: detail.code, params: detail.params, message: detail.message };
  });
}

export function DatasetsPage() {
  const { t, lang } = useI18n();
  const datasets = useAsync(listDatasets, []);
  const text = useText();
  const [name, setName] = useState('');
  const [fiscalYear, setFiscalYear] = useState<number | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<UploadOutcome>();
  // Which sheet and which header row the reader took, told once with the upload's answer.
  const [notices, setNotices] = useState<Coded[]>([]);

  const upload = async (file: File) => {
    setOutcome(undefined);
    setNotices([]);
    setProgress(0);
    try {
      const dataset = await uploadDataset(file, name.trim() || file.name.replace(/\.[^.]+$/, ''), setProgress, fiscalYear ?? undefined);
      setNotices(dataset.notices ?? []);
      if (dataset.problemCount) setOutcome({ kind: 'rows', problems: dataset.problemSample ?? [], total: dataset.problemCount, refused: false });
      else setOutcome({ kind: 'ok', dataset });
      datasets.reload();
    } catch (error) {
      const problems = rowProblemsOf(error);
      setOutcome(problems ? { kind: 'rows', problems, total: problems.length, refused: true } : { kind: 'error', error });
    } finally {
      setProgress(null);
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('datasetsTitle')}</Typography.Title>
      <Card>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <label htmlFor="dataset-name" className="field-label">
            {t('uploadName')}
          </label>
          <Input id="dataset-name" data-testid="dataset-name" placeholder={t('uploadNameHint')} value={name} onChange={(e) => setName(e.target.value)} style={{ maxWidth: 360 }} />
          <label htmlFor="dataset-file" className="field-label">
            {t('uploadFile')}
          </label>
          <label htmlFor="dataset-year" className="field-label">
            {t('fiscalYear')}
          </label>
          <Space wrap>
            <InputNumber id="dataset-year" data-testid="dataset-year" placeholder={t('fiscalYear')} min={1900} max={9999} value={fiscalYear} onChange={(value) => setFiscalYear(value)} style={{ width: 140 }} />
            <Typography.Text type="secondary">{text('dataset_year_hint')}</Typography.Text>
          </Space>
          <Upload.Dragger
            id="dataset-file"
            aria-label={t('uploadFile')}
            data-testid="dataset-upload"
            accept=".csv,.xlsx,.json"
            multiple={false}
            showUploadList={false}
            disabled={progress !== null}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{t('uploadHint')}</p>
          </Upload.Dragger>
          {progress !== null && <Progress data-testid="upload-progress" percent={Math.round(progress * 100)} status="active" />}
          {outcome?.kind === 'ok' && (
            <Alert data-testid="upload-ok" type="success" showIcon title={t('uploadOk', { name: outcome.dataset.name, lines: outcome.dataset.lineCount ?? 0 })} />
          )}
          {outcome?.kind === 'ok' && outcome.dataset.checks && outcome.dataset.checks.warningCount > 0 && (
            <Alert
              data-testid="upload-warnings"
              type="warning"
              showIcon
              title={text('dataset_warnings_title', { count: outcome.dataset.checks.warningCount, previous: outcome.dataset.checks.comparedWith ?? '' })}
              description={
                <ul style={{ margin: 0 }}>
                  {outcome.dataset.checks.warnings.slice(0, 20).map((w, i) => (
                    <li key={i}>{w.message}</li>
                  ))}
                </ul>
              }
            />
          )}
          {notices.length > 0 && <Alert data-testid="upload-notices" type="info" showIcon description={notices.map((notice) => render(notice, lang)).join(lang === 'zh' ? '' : ' ')} />}
          {outcome?.kind === 'error' && <ErrorAlert error={outcome.error} />}
          {outcome?.kind === 'rows' && (
            <Alert
              data-testid="upload-row-errors"
              type="error"
              showIcon
              title={outcome.refused ? t('uploadRefused') : t('uploadBad', { count: outcome.total })}
              description={
                <Table
                  data-testid="row-problems"
                  size="small"
                  rowKey={(problem) => `${problem.row}-${problem.field ?? ''}-${problem.code ?? problem.message}`}
                  dataSource={outcome.problems}
                  pagination={outcome.problems.length > 20 ? { pageSize: 20 } : false}
                  columns={[
                    { title: t('row'), dataIndex: 'row', width: 80 },
                    { title: t('field'), dataIndex: 'field', width: 140, render: (field?: string) => (field ? nameOf(FIELD_NAMES, field, lang) : '') },
                    { title: t('errorMessage'), key: 'message', render: (_: unknown, problem: ShownProblem) => problemText(problem, lang) },
                  ]}
                />
              }
            />
          )}
        </Space>
      </Card>
      {datasets.error !== undefined && <ErrorAlert error={datasets.error} onRetry={datasets.reload} />}
      <Table
        data-testid="datasets-table"
        rowKey="datasetId"
        loading={datasets.loading}
        dataSource={datasets.data ?? []}
        columns={[
          { title: t('datasetName'), dataIndex: 'name' },
          { title: t('datasetLines'), dataIndex: 'lineCount', align: 'right' },
          { title: t('datasetSchools'), dataIndex: 'schoolCount', align: 'right' },
          {
            title: t('errorRowTable'),
            dataIndex: 'problemCount',
            render: (count?: number) => (count ? <Typography.Text type="danger">{t('datasetProblems', { count })}</Typography.Text> : ''),
          },
          ...createdColumns<DatasetHeader>(t, lang),
        ]}
      />
    </Space>
  );
}
