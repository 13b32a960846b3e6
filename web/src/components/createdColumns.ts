import type { ColumnsType } from 'antd/es/table';
import type { Lang, Translate } from '../i18n/i18n';
import { formatTime } from './labels';

/** "Created by" and "created at" (newest first), as every list of datasets and runs shows them. */
export function createdColumns<T extends { createdBy: string; createdAt: string }>(t: Translate, lang: Lang): ColumnsType<T> {
  return [
    { title: t('createdBy'), dataIndex: 'createdBy' },
    {
      title: t('createdAt'),
      dataIndex: 'createdAt',
      render: (value: string) => formatTime(value, lang),
      sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
      defaultSortOrder: 'descend',
    },
  ];
}
