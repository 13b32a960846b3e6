import type { ClassType, EnrollmentField, Ownership, SchoolType } from '../domain/labels';
import type { Lang } from './types';

/**
 * Names of the enumerations a person reads (SPEC §1–§2): school types, ownerships, class types, the enrolment
 * fields, policy flags, combine modes, envelope policies, rounding modes, row reasons. Codes stay in files and JSON;
 * these are what screens, statements and exports show. domain/labels.ts keeps the spellings a file may use on input,
 * and a test checks that every zh and en name here is one of them, so an export can be read back.
 */
export type Names<T extends string> = Readonly<Record<T, { zh: string; en: string }>>;

export const SCHOOL_TYPE_NAMES: Names<SchoolType> = {
  technician_college: { zh: '技师学院', en: 'technician college' },
  senior_technical_school: { zh: '高级技工学校', en: 'senior technical school' },
  technical_school: { zh: '技工学校', en: 'technical school' },
};

export const OWNERSHIP_NAMES: Names<Ownership> = {
  public: { zh: '公办', en: 'public' },
  private: { zh: '民办', en: 'private' },
};

export const CLASS_TYPE_NAMES: Names<ClassType> = {
  intermediate: { zh: '中级工班', en: 'intermediate-worker class' },
  senior: { zh: '高级工班', en: 'senior-worker class' },
  preparatory_technician: { zh: '预备技师班', en: 'preparatory-technician class' },
  technician: { zh: '技师班', en: 'technician class' },
};

/** Enrolment columns: the zh name is the Chinese header a file may use; en is the English header itself. */
export const FIELD_NAMES: Names<EnrollmentField> = {
  school_id: { zh: '学校代码', en: 'school_id' },
  school_name: { zh: '学校名称', en: 'school_name' },
  school_type: { zh: '学校类型', en: 'school_type' },
  ownership: { zh: '办学性质', en: 'ownership' },
  city: { zh: '地市', en: 'city' },
  major_code: { zh: '专业代码', en: 'major_code' },
  class_type: { zh: '班级类型', en: 'class_type' },
  students: { zh: '在校生数', en: 'students' },
};

/** The four flags the policy names; a rule set may use others, shown as they are. */
export const FLAG_NAMES: Names<'scarce' | 'integration' | 'employment' | 'hardship'> = {
  scarce: { zh: '急需紧缺', en: 'urgently needed' },
  integration: { zh: '产教深度融合', en: 'industry–education integration' },
  employment: { zh: '就业前景好', en: 'good employment prospects' },
  hardship: { zh: '艰苦行业', en: 'hardship industry' },
};

export const COMBINE_NAMES: Names<'sum' | 'max' | 'compound'> = {
  sum: { zh: '相加', en: 'sum' },
  max: { zh: '取最高', en: 'maximum' },
  compound: { zh: '连乘', en: 'compound' },
};

/** Envelope policies (预算约束), short forms for statements, cells and messages. */
export const ENVELOPE_POLICY_NAMES: Names<'none' | 'cap' | 'exact'> = {
  none: { zh: '不设上限', en: 'none' },
  cap: { zh: '不超过预算', en: 'cap' },
  exact: { zh: '按预算全额分配', en: 'exact' },
};

export const ROUNDING_MODE_NAMES: Names<'half_up' | 'half_even' | 'down'> = {
  half_up: { zh: '四舍五入', en: 'round half up' },
  half_even: { zh: '四舍六入五成双', en: 'round half to even' },
  down: { zh: '舍去', en: 'round down' },
};

export const ROUNDING_SCALE_NAMES: Names<'0' | '2'> = {
  0: { zh: '到元', en: 'to the yuan' },
  2: { zh: '到分', en: 'to the fen' },
};

/**
 * Why a line got nothing or was left out (a result's `reason`, a row problem's category), in a few words: what an
 * export's 原因 column and a comparison reason show. The full message of a row problem is its own code's text.
 */
export const REASON_NAMES: Names<string> = {
  ineligible_ownership: { zh: '办学性质不在拨款范围内', en: 'ownership not funded' },
  missing_column: { zh: '缺少必需的列', en: 'required column missing' },
  missing_value: { zh: '必填项为空', en: 'required value missing' },
  invalid_students: { zh: '在校生数有误', en: 'invalid student count' },
  unknown_school_type: { zh: '学校类型无法识别', en: 'unknown school type' },
  unknown_ownership: { zh: '办学性质无法识别', en: 'unknown ownership' },
  unknown_class_type: { zh: '班级类型无法识别', en: 'unknown class type' },
  inconsistent_school: { zh: '同一学校信息前后不一致', en: 'school details disagree' },
  duplicate_line: { zh: '重复的行', en: 'duplicate line' },
  unknown_major: { zh: '专业不在规则集中', en: 'major not in the rule set' },
  code_too_long: { zh: '代码过长', en: 'code too long' },
  class_type_not_allowed: { zh: '此类学校不设该班级类型的标准', en: 'class type not funded at this school type' },
  unreadable_file: { zh: '文件无法读取', en: 'file unreadable' },
  too_large: { zh: '文件过大', en: 'file too large' },
  ragged_row: { zh: '行的格式有误', en: 'malformed row' },
  stale_formula: { zh: '公式结果未计算', en: 'formula result not calculated' },
  not_computed: { zh: '未计算', en: 'not computed' },
};

export const ROLE_NAMES: Names<'finance' | 'policy' | 'school' | 'admin'> = {
  finance: { zh: '财务', en: 'finance' },
  policy: { zh: '政策', en: 'policy' },
  school: { zh: '学校', en: 'school' },
  admin: { zh: '管理员', en: 'admin' },
};

/** The two sides of a what-if comparison (SPEC §5). */
export const SIDE_NAMES: Names<'base' | 'candidate'> = {
  base: { zh: '现行规则', en: 'the base rules' },
  candidate: { zh: '方案规则', en: 'the candidate rules' },
};

export const DRAFT_STATUS_NAMES: Names<'draft' | 'submitted' | 'publishing' | 'published'> = {
  draft: { zh: '草稿', en: 'a draft' },
  submitted: { zh: '已提交待发布', en: 'submitted' },
  publishing: { zh: '发布中', en: 'being published' },
  published: { zh: '已发布', en: 'published' },
};

/** A rule set's fields (SPEC §1) as the version diff and the editor name them; a path's last known part decides. */
export const RULE_FIELD_NAMES: Names<string> = {
  schema: { zh: '格式版本', en: 'schema' },
  id: { zh: '规则集代码', en: 'rule-set id' },
  name: { zh: '名称', en: 'name' },
  fiscalYear: { zh: '财政年度', en: 'fiscal year' },
  currency: { zh: '币种', en: 'currency' },
  source: { zh: '政策出处', en: 'policy source' },
  code: { zh: '代码', en: 'code' },
  tier: { zh: '成本档次', en: 'tier' },
  category: { zh: '专业大类', en: 'category' },
  perStudent: { zh: '生均标准', en: 'per-student standard' },
  flags: { zh: '政策标识', en: 'flags' },
  classType: { zh: '班级类型', en: 'class type' },
  schoolTypes: { zh: '适用学校类型', en: 'school types' },
  factor: { zh: '系数', en: 'factor' },
  perStudentByTier: { zh: '分档单列标准', en: 'per-tier standard' },
  match: { zh: '适用于', en: 'applies to' },
  'match.flags': { zh: '适用标识', en: 'applies to flags' },
  'match.majors': { zh: '适用专业', en: 'applies to majors' },
  'match.categories': { zh: '适用专业大类', en: 'applies to categories' },
  rate: { zh: '上浮比例', en: 'uplift rate' },
  amountPerStudent: { zh: '定额上浮（每生）', en: 'amount per student' },
  'upliftPolicy.combine': { zh: '上浮合并方式', en: 'uplift combination' },
  'upliftPolicy.cap': { zh: '上浮上限', en: 'uplift cap' },
  'eligibility.ownership': { zh: '拨款范围（办学性质）', en: 'funded ownership' },
  'rounding.scale': { zh: '取整位数', en: 'rounding scale' },
  'rounding.mode': { zh: '取整方式', en: 'rounding mode' },
  protection: { zh: '保底与封顶', en: 'protection' },
  'protection.basis': { zh: '保底依据', en: 'protection basis' },
  'protection.floor': { zh: '保底比例', en: 'floor' },
  'protection.gainCap': { zh: '增幅封顶', en: 'gain cap' },
  examples: { zh: '测算示例', en: 'worked examples' },
  instalments: { zh: '拨付计划', en: 'payment schedule' },
  label: { zh: '期次', en: 'instalment' },
  share: { zh: '比例', en: 'share' },
  due: { zh: '拨付日期', en: 'due date' },
};

/** JSON value types, as a validation message names what was expected and what came. */
export const JSON_TYPE_NAMES: Names<string> = {
  string: { zh: '文本', en: 'text' },
  number: { zh: '数字', en: 'a number' },
  integer: { zh: '整数', en: 'a whole number' },
  boolean: { zh: '是/否（true/false）', en: 'true or false' },
  array: { zh: '列表', en: 'a list' },
  object: { zh: '对象', en: 'an object' },
  null: { zh: '空值（null）', en: 'null' },
  undefined: { zh: '空', en: 'nothing' },
  unknown: { zh: '未知类型', en: 'an unknown type' },
};

/** The name of `value` in `names`, or the value itself when the table does not know it (an open set, a new code). */
export function nameOf(names: Names<string>, value: string, lang: Lang): string {
  const entry = (names as Record<string, { zh: string; en: string } | undefined>)[value];
  return entry ? entry[lang] : value;
}
