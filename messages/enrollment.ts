import type { Catalog } from './types';

/** Problems of one enrolment row (SPEC §2), and of a row against the rule set (§3 step 2, §11). */
export const enrollmentMessages = {
  missing_column: {
    zh: '缺少必需的列：{fields:field}。表头可用中文或英文，如“学校代码”或 school_id。',
    en: 'Missing column(s): {fields:field}. Headers may be Chinese or English, e.g. school_id.',
  },
  missing_value: { zh: '“{field:field}”为空。', en: '{field:field} is empty.' },
  unknown_school_type: {
    zh: '学校类型“{value}”无法识别，应为技师学院、高级技工学校或技工学校。',
    en: 'Unknown school type "{value}" (use technician college, senior technical school or technical school).',
  },
  unknown_ownership: { zh: '办学性质“{value}”无法识别，应为公办或民办。', en: 'Unknown ownership "{value}" (use public or private).' },
  unknown_class_type: {
    zh: '班级类型“{value}”无法识别，应为中级工班、高级工班、预备技师班或技师班。',
    en: 'Unknown class type "{value}" (use intermediate-worker class, senior-worker class, preparatory-technician class or technician class).',
  },
  code_too_long: {
    zh: '“{field:field}”长 {length} 个字符，代码最多 {maximum} 个字符，可能粘贴了别的内容。',
    en: '{field:field} is {length} characters long; a code has at most {maximum}.',
  },
  students_negative: { zh: '在校生数不能为负数，现为 {value}。', en: 'Students must be ≥ 0, got {value}.' },
  students_not_a_number: { zh: '在校生数“{value}”不是数字。', en: 'Students "{value}" is not a number.' },
  students_too_precise: { zh: '在校生数 {value} 超过两位小数。', en: 'Students {value} has more than 2 decimal places.' },
  students_implausible: {
    zh: '在校生数 {value:number} 大得不合常理（超过 {maximum:number}），请核对。',
    en: 'Students {value:number} is implausibly large (more than {maximum:number}); check it.',
  },
  inconsistent_school: {
    zh: '学校 {schoolId} 的{fields:field}与第 {firstRow} 行不一致；同一学校各行须相同。',
    en: 'School {schoolId}: {fields:field} disagrees with row {firstRow}; a school’s lines must agree.',
  },
  duplicate_line: {
    zh: '学校 {schoolId}、专业 {majorCode}、{classType:classType}在第 {firstRow} 行已出现过。',
    en: 'School {schoolId}, major {majorCode}, {classType:classType} already appears at row {firstRow}.',
  },
  unknown_major: { zh: '专业代码“{majorCode}”不在规则集中。', en: 'Major "{majorCode}" is not in the rule set.' },
  major_code_lost_zeros: {
    zh: '专业代码“{majorCode}”不在规则集中，但规则集有“{known}”：代码开头的 0 可能被表格软件去掉了。请把该列设为文本格式、补回开头的 0 后再上传。',
    en: 'Major "{majorCode}" is not in the rule set, but "{known}" is: the spreadsheet may have dropped its leading zeros. Format the column as text, restore the zeros and upload again.',
  },
  class_band_missing: {
    zh: '规则集没有{classType:classType}的班级分档标准。',
    en: 'The rule set has no class band for {classType:classType}.',
  },
  class_type_not_at_school_type: {
    zh: '{band}只在{schoolTypes:schoolType}拨款，不适用于{schoolType:schoolType}。',
    en: '{band} is funded only at {schoolTypes:schoolType}, not at {schoolType:schoolType}.',
  },
  csv_ragged_row: {
    zh: '本行有 {cells} 个单元格，表头有 {columns} 列（多了逗号，还是少了单元格？）。',
    en: 'This row has {cells} cells but the header has {columns} columns (a stray comma or a missing cell?).',
  },
  cells_without_header: {
    zh: '{columns:list} 列有数据，但这些列没有表头。',
    en: 'Column(s) {columns:list} have values but no header.',
  },
  json_line_not_object: {
    zh: '本项不是包含 school_id、students 等字段的对象。',
    en: 'This item is not an object with fields such as school_id, students.',
  },
} satisfies Catalog;
