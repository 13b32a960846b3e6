import type { Catalog } from './types';

/** Refusals that keep an acknowledged write kept and the service's work bounded (issue 15). */
export const integrityMessages = {
  parts_changed_while_sealing: {
    zh: '数据集 {datasetId} 在封存过程中收到了新的分片，本次封存未生效；请重新封存，新分片会一并包含。',
    en: 'A part of dataset {datasetId} arrived while it was being sealed, so this seal did not take effect; seal it again to include it.',
  },
} satisfies Catalog;
