import type { Catalog } from './types';

/** Refusals that keep an acknowledged write kept and the service's work bounded (issue 15). */
export const integrityMessages = {
  parts_changed_while_sealing: {
    zh: '数据集 {datasetId} 在封存过程中收到了新的分片，本次封存未生效；请重新封存，新分片会一并包含。',
    en: 'A part of dataset {datasetId} arrived while it was being sealed, so this seal did not take effect; seal it again to include it.',
  },
  run_in_progress: {
    zh: '使用同一幂等键的先前请求正在计算拨款 {runId}，请几秒后再次提交同一请求，即可取得该结果。',
    en: 'An earlier request with this idempotency key is computing run {runId}; send the same request again in a few seconds to get it.',
  },
  run_content_changed: {
    zh: '拨款 {runId} 已按另一份计算结果开始写入（计算口径在重试期间发生了变化），不能用本次结果补全；请使用新的幂等键重新创建拨款。',
    en: 'Run {runId} was started with a different result (the calculation changed between retries) and cannot be completed with this one; create the run again with a new idempotency key.',
  },
  inexact_number: {
    zh: '数字 {literal} 无法按原值读取（JSON 数字只能精确保留约 15 位有效数字），请改用字符串书写，例如 "{literal}"。',
    en: 'The number {literal} cannot be read exactly (JSON numbers keep about 15 significant digits); write it as a string, e.g. "{literal}".',
  },
  text_too_long: {
    zh: '第 {row} 行“{field:field}”长度为 {length} 个字符，超过上限 {max}；请核对该单元格（可能误粘贴了整段文字）。',
    en: 'Row {row}: {field} is {length} characters long, over the limit of {max}; check the cell (a pasted paragraph?).',
  },
} satisfies Catalog;
