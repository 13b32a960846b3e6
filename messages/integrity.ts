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
  cell_too_long: {
    zh: '“{field:field}”长度为 {length} 个字符，超过上限 {max}；请核对该单元格（可能误粘贴了整段文字）。',
    en: '{field} is {length} characters long, over the limit of {max}; check the cell (a pasted paragraph?).',
  },
  serve_soak_mode: { zh: '压力测试模式：父进程可通过进程间通信触发垃圾回收并读取内存。', en: 'soak mode: the parent may force a GC and read memory over IPC' },
  serve_no_demo: {
    zh: '未提供演示登录（如需要，请加 --demo-users 启动）；签发令牌：npx skillfund token --user 姓名 --role finance|policy|school|admin{dataDir}',
    en: 'no demo sign-ins (start with --demo-users for them); make a token with: npx skillfund token --user NAME --role finance|policy|school|admin{dataDir}',
  },
  validate_problems: { zh: '{path}：共 {count} 处问题：', en: '{path}: {count} problem(s):' },
  enrollment_no_data_rows: { zh: '{path}：文件只有表头，没有数据行，无法测算。', en: '{path}: the file has a header but no data rows, so nothing can be allocated.' },
  enrollment_no_usable_line_problems: { zh: '{path}：文件中没有可用的行（{count} 处问题）。', en: '{path}: the file gives no usable enrolment line ({count} problems).' },
  xlsx_sheet_head_too_large: { zh: '工作表在单元格数据之前有超过 {maximum} MB 的内容，不是可读取的表格。', en: 'The worksheet has more than {maximum} MB before its cells; it is not a table to read.' },
  xlsx_cell_too_large: { zh: '第 {row} 行或其后有单元格超过 {maximum} KB（Excel 单元格最多 32,767 个字符），文件被拒收。', en: 'A cell in row {row} or after holds more than {maximum} KB (Excel cells hold at most 32,767 characters); the file is refused.' },
  xlsx_column_beyond_excel: { zh: '第 {row} 行有超出 {column} 列的单元格，超过 Excel 工作表的最大宽度，文件被拒收。', en: 'Row {row} has a cell beyond column {column}, the widest sheet Excel writes; the file is refused.' },
  xlsx_row_too_wide: { zh: '第 {row} 行的单元格超过 {maximum:number} 个，超过 Excel 的最大宽度，文件被拒收。', en: 'Row {row} has more than {maximum:number} cells, more than Excel’s widest sheet; the file is refused.' },
  xlsx_part_too_large: { zh: '工作簿部件 {part} 有 {megabytes} MB（正常只有几 KB），文件被拒收。', en: 'The workbook part {part} is {megabytes} MB (such parts take a few KB); the file is refused.' },
  xlsx_shared_string_too_long: { zh: '工作簿中有文字超过 {maximum} KB（Excel 单元格最多 32,767 个字符），文件被拒收。', en: 'A shared string is longer than {maximum} KB (Excel cells hold at most 32,767 characters); the file is refused.' },
  xlsx_too_many_shared_strings: { zh: '工作簿的文字超过 {texts:number} 条或 {characters}M 个字符，文件被拒收。', en: 'The workbook’s shared strings exceed {texts:number} texts or {characters}M characters; the file is refused.' },
  xlsx_too_many_styles: { zh: '工作簿的单元格样式超过 {maximum:number} 种，文件被拒收。', en: 'The workbook has more than {maximum:number} cell styles; the file is refused.' },
  xlsx_too_many_merges: { zh: '工作表的合并单元格超过 {maximum:number} 处，文件被拒收。', en: 'The worksheet has more than {maximum:number} merged areas; the file is refused.' },
  xlsx_row_too_many_merges: { zh: '第 {row} 行被超过 {maximum:number} 处合并单元格覆盖，文件被拒收。', en: 'More than {maximum:number} merged areas cover row {row}; the file is refused.' },
  query_not_whole_number: { zh: '{path} 应为 {min} 到 {max} 之间的整数，收到“{value}”。', en: '{path} must be a whole number from {min} to {max}, got "{value}".' },
  whole_number_between: { zh: '应为 {min} 到 {max} 之间的整数。', en: 'A whole number from {min} to {max}.' },
  too_many_row_problems: {
    zh: '文件的问题行超过 {maximum:number} 行，整份文件被拒收（已列出前 {maximum:number} 行）；请确认这是在校生文件、各列位置正确。',
    en: 'The file has more than {maximum:number} row problems, so it is refused as a whole (the first {maximum:number} are listed); check that it is the enrolment file and its columns are in place.',
  },
  field_too_long: { zh: '{path} 长度为 {length} 个字符，超过上限 {maximum}。', en: '{path} is {length} characters long; at most {maximum}.' },
  inexact_numbers_in_body: { zh: '请求中有 {count} 个数字无法按原值读取，请改用字符串书写。', en: '{count} number(s) in the body cannot be read exactly; write them as strings.' },
} satisfies Catalog;
