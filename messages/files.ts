import type { Catalog } from './types';

/** Problems with an uploaded file as a whole (row 0): its type, size, encoding, structure. */
export const fileMessages = {
  file_empty: { zh: '文件是空的。', en: 'The file is empty.' },
  file_too_big: {
    zh: '文件大小 {megabytes} MB，最多接受 {maximum} MB，请拆分后上传。',
    en: 'The file is {megabytes} MB; at most {maximum} MB is accepted. Split it.',
  },
  too_many_rows: {
    zh: '文件超过 {maximum:number} 行数据，请拆分后上传。',
    en: 'The file has more than {maximum:number} data rows; split it.',
  },
  file_unparseable: { zh: '无法读取此 {format} 文件（文件可能已损坏）。', en: 'The {format} file cannot be read (it may be damaged).' },
  file_is_xlsx: {
    zh: '这是一个 XLSX 工作簿，不是 {format} 文件；请使用 .xlsx 扩展名或选择 XLSX 格式。',
    en: 'The file is an XLSX workbook, not {format}; name it .xlsx or choose the xlsx format.',
  },
  file_format_xls: {
    zh: '不支持旧版 Excel 的 .xls 文件。请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”或 CSV 后再上传。',
    en: 'Old binary Excel files (.xls) are not supported. Open it in Excel or WPS and save it as an Excel workbook (*.xlsx) or CSV.',
  },
  file_format_et: {
    zh: '不支持 WPS 表格的 .et 文件。请在 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”或 CSV 后再上传。',
    en: 'WPS spreadsheet files (.et) are not supported. Open it in WPS and save it as an Excel workbook (*.xlsx) or CSV.',
  },
  file_format_ods: {
    zh: '不支持 OpenDocument 表格（.ods）。请在 LibreOffice 或 WPS 中打开，另存为“Excel 2007-365（.xlsx）”或 CSV 后再上传。',
    en: 'OpenDocument spreadsheets (.ods) are not supported. Open it in LibreOffice or WPS and save it as Excel 2007-365 (.xlsx) or CSV.',
  },
  csv_no_header: { zh: '文件没有表头行。', en: 'The file has no header row.' },
  csv_binary: {
    zh: '文件含有二进制内容，不是 CSV 文本文件。',
    en: 'The file contains binary data (NUL bytes); it is not a CSV text file.',
  },
  csv_unparseable: { zh: '无法解析此 CSV 文件（引号不成对？）。', en: 'The CSV cannot be parsed (unbalanced quotes?).' },
  csv_unparseable_near: {
    zh: 'CSV 文件在第 {row} 行附近无法解析（引号不成对？）。',
    en: 'The CSV cannot be parsed near row {row} (unbalanced quotes?).',
  },
  json_invalid: { zh: '文件不是有效的 JSON。', en: 'The file is not valid JSON.' },
  json_not_lines: {
    zh: 'JSON 在校生数据须为各行组成的数组，或含 "lines" 数组的对象。',
    en: 'JSON enrolment must be an array of lines or an object with a "lines" array.',
  },
  xlsx_old_binary_or_encrypted: {
    zh: '这是旧版 .xls 文件或设了密码的工作簿。请另存为不设密码的“Excel 工作簿（*.xlsx）”或 CSV 后再上传。',
    en: 'The file is an old binary .xls or a password-protected workbook; save it as an .xlsx without a password, or as CSV.',
  },
  xlsx_not_zip: { zh: 'XLSX 文件不完整或不是工作簿（可能上传中断了）。', en: 'The XLSX file is truncated or not a zip archive.' },
  xlsx_truncated: { zh: 'XLSX 文件不完整（可能上传中断了），请重新上传。', en: 'The XLSX file is truncated; upload it again.' },
  xlsx_corrupt: { zh: 'XLSX 文件已损坏。', en: 'The XLSX file is corrupt.' },
  xlsx_part_corrupt: {
    zh: 'XLSX 文件已损坏（其中的 {part} 无法读取）。请在 Excel 中打开并另存后再上传。',
    en: 'The XLSX file is corrupt ({part} cannot be read). Open it in Excel, save it and upload again.',
  },
  xlsx_zip64: { zh: 'XLSX 文件过大，无法读取，请拆分后上传。', en: 'The XLSX file is too large to read (zip64); split it.' },
  xlsx_expands_too_far: {
    zh: 'XLSX 文件解压后超过 {maximum} MB，请拆分后上传。',
    en: 'The XLSX file would expand to more than {maximum} MB; split it.',
  },
  xlsx_encrypted: { zh: 'XLSX 文件设了密码，请取消密码后再上传。', en: 'The XLSX file is encrypted; save it without a password.' },
  xlsx_compression_unsupported: {
    zh: 'XLSX 文件使用了不支持的压缩方式（{method}），请在 Excel 中另存后再上传。',
    en: 'The XLSX file uses an unsupported compression method ({method}); save it again in Excel.',
  },
  xlsx_no_workbook: { zh: '这是一个压缩包，但不是 XLSX 工作簿。', en: 'The file is a zip archive but not an XLSX workbook.' },
  xlsx_no_cell_table: { zh: 'XLSX 文件已损坏（工作表没有单元格数据）。', en: 'The XLSX file is corrupt (a worksheet without a cell table).' },
  xlsx_unterminated_cell: {
    zh: 'XLSX 文件已损坏（第 {row} 行的单元格不完整）。',
    en: 'The XLSX file is corrupt (an unterminated cell in row {row}).',
  },
  xlsx_sheet_part_missing: {
    zh: 'XLSX 文件已损坏（缺少工作表 {part}）。',
    en: 'The XLSX file is corrupt (sheet part {part} is missing).',
  },
  xlsx_unreadable: { zh: '无法读取此 XLSX 文件（已损坏或不是工作簿）。', en: 'The XLSX file cannot be read (corrupt or not a workbook).' },
  xlsx_no_sheet: { zh: '工作簿中没有工作表。', en: 'The workbook has no worksheet.' },
  xlsx_sheet_not_found: {
    zh: '工作簿中没有名为“{sheet}”的工作表（现有：{sheets:list}）。',
    en: 'The workbook has no sheet "{sheet}" (sheets: {sheets:list}).',
  },
  xlsx_formula_not_calculated: {
    zh: '单元格 {cell} 是公式，但文件里没有保存它的计算结果（或保存的是 0），读出的数可能不对。请在 Excel 中打开并保存后再上传。',
    en: 'Cell {cell} holds a formula whose result was not saved (or saved as 0), so the value read may be wrong. Open the file in Excel, save it, and upload it again.',
  },
  xlsx_recalc_on_load: {
    zh: '单元格 {cell} 是公式，而这个工作簿要求打开时重新计算，文件里保存的结果可能已过时。请在 Excel 中打开并保存后再上传。',
    en: 'Cell {cell} holds a formula and the workbook asks to be recalculated when opened, so its saved result may be stale. Open the file in Excel, save it, and upload it again.',
  },
  xlsx_header_row_used: {
    zh: '工作表“{sheet}”的表头取自第 {row} 行，上面的标题行已跳过。',
    en: 'Sheet "{sheet}": the header was taken from row {row}; the title rows above it were skipped.',
  },
  csv_header_row_used: { zh: '表头取自第 {row} 行，上面的标题行已跳过。', en: 'The header was taken from row {row}; the title rows above it were skipped.' },
  xlsx_sheet_read: {
    zh: '读取的是工作表“{sheet}”（工作簿中还有：{others:list}）。',
    en: 'Read sheet "{sheet}" (the workbook also has: {others:list}).',
  },
  xlsx_header_not_found: {
    zh: '工作表“{sheet}”中找不到表头：没有一行列齐了必需的列（第 {row} 行缺少：{fields:field}）。',
    en: 'Sheet "{sheet}" has no header row naming every required column (row {row} lacks: {fields:field}).',
  },
  xlsx_header_not_found_sheets: {
    zh: '工作表“{sheet}”中找不到表头：没有一行列齐了必需的列（第 {row} 行缺少：{fields:field}）。工作簿中还有：{others:list}；如数据在其他工作表，请把它移到第一个工作表（命令行可用 --sheet 指定）。',
    en: 'Sheet "{sheet}" has no header row naming every required column (row {row} lacks: {fields:field}). The workbook also has: {others:list}; if the data are on another sheet, move it first (or name it with --sheet).',
  },
  xlsx_sheet_empty: { zh: '工作表“{sheet}”是空的（没有表头行）。', en: 'Sheet "{sheet}" is empty (no header row).' },
} satisfies Catalog;
