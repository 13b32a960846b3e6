import type { Catalog } from './types';

/** What the streamed readers and the faster paths of issue 16 say: why a large CSV cannot be read as it comes. */
export const perfMessages = {
  csv_too_large_not_plain: {
    zh: '文件 {path} 大小 {megabytes} MB，超过整体读取上限 {maximum} MB，只能边读边算，而它不是纯文本 CSV。请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”（单元格不加引号，换行为 LF 或 CRLF，编码为 UTF-8 或 GB18030），或拆分为较小的文件。',
    en: '{path} is {megabytes} MB, over the {maximum} MB that is read whole, so it must be read as it comes, and it is not plain CSV. Save it again as "CSV UTF-8 (comma delimited)" (no quoted cells, LF or CRLF line breaks, UTF-8 or GB18030), or split it.',
  },
  csv_not_plain_quoted: { zh: '原因：文件中有带引号的单元格。', en: 'Why: the file has quoted cells.' },
  csv_not_plain_cr: { zh: '原因：文件使用单独的 CR 作为换行符。', en: 'Why: the file breaks lines with CR alone.' },
  csv_not_plain_mixed_breaks: { zh: '原因：文件中混用了不同的换行符。', en: 'Why: the file mixes line breaks.' },
  csv_not_plain_utf16: { zh: '原因：文件编码为 UTF-16。', en: 'Why: the file is encoded in UTF-16.' },
} satisfies Catalog;
