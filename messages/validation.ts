import type { Catalog } from './types';

/** What is wrong with one value of a JSON input (a rule set, a request body or query), whatever the input is. */
export const validationMessages = {
  field_required: { zh: '必填项，未填写。', en: 'Required, and missing.' },
  wrong_type: {
    zh: '应为{expected:jsonType}，实际是{received:jsonType}。',
    en: 'Expected {expected:jsonType}, got {received:jsonType}.',
  },
  unknown_field: {
    zh: '无法识别的字段“{field}”，请删除或检查拼写。',
    en: 'Unknown field "{field}"; remove it or check its spelling.',
  },
  must_not_be_empty: { zh: '不能为空。', en: 'Must not be empty.' },
  too_few_items: { zh: '至少需要 {minimum} 项。', en: 'At least {minimum} item(s) are needed.' },
  too_many_items: { zh: '最多 {maximum} 项。', en: 'At most {maximum} item(s) are accepted.' },
  text_too_long: { zh: '最多 {maximum} 个字符。', en: 'At most {maximum} characters.' },
  number_too_small: { zh: '不能小于 {minimum}。', en: 'Must be at least {minimum}.' },
  number_not_above: { zh: '必须大于 {minimum}。', en: 'Must be greater than {minimum}.' },
  number_too_large: { zh: '不能大于 {maximum}。', en: 'Must be at most {maximum}.' },
  number_not_below: { zh: '必须小于 {maximum}。', en: 'Must be less than {maximum}.' },
  not_one_of: { zh: '应为以下取值之一：{values:list}。', en: 'Must be one of: {values:list}.' },
  invalid_format: { zh: '格式不正确（应为 {format} 格式）。', en: 'Wrong format (expected {format}).' },
  invalid_value: { zh: '取值无效。', en: 'Invalid value.' },
  must_equal: { zh: '应为 {expected}。', en: 'Must be {expected}.' },
  must_equal_idempotency_key: { zh: '须与请求头 Idempotency-Key 相同。', en: 'Must equal the Idempotency-Key header.' },
  not_base64: { zh: '不是 Base64 编码。', en: 'Not base64.' },
  must_be_non_negative: { zh: '不能为负数。', en: 'Must be ≥ 0.' },
  not_finite_number: { zh: '不是有效的数字。', en: 'Not a finite number.' },
  number_too_precise: {
    zh: '数字 {value} 超过 15 位有效数字，可能已经失真；请写成带引号的文本，如 "7500.00"。',
    en: 'The number {value} has more than 15 significant digits and may have lost precision; give it as a decimal string such as "7500.00".',
  },
  not_a_decimal: {
    zh: '“{value}”不是数字；只能使用数字和小数点，如 "7500.00"。',
    en: '"{value}" is not a decimal number; use digits and an optional decimal point, e.g. "7500.00".',
  },
  decimal_expected: { zh: '应为数字或数字文本，如 "7500"。', en: 'Must be a decimal string such as "7500".' },
} satisfies Catalog;
