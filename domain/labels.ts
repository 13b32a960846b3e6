/**
 * The enumerations and their Chinese / English names, kept apart from the zod schema so that the console can show
 * labels without bundling the validator.
 */
export const SCHOOL_TYPES = ['technician_college', 'senior_technical_school', 'technical_school'] as const;
export const OWNERSHIPS = ['public', 'private'] as const;
export const CLASS_TYPES = ['intermediate', 'senior', 'preparatory_technician', 'technician'] as const;
/** The four flag kinds the policy names; the set stays open for others a major may carry. */
export const POLICY_FLAGS = ['scarce', 'integration', 'employment', 'hardship'] as const;
export const COMBINE_MODES = ['sum', 'max', 'compound'] as const;
export const ROUNDING_MODES = ['half_up', 'half_even', 'down'] as const;

export type SchoolType = (typeof SCHOOL_TYPES)[number];
export type Ownership = (typeof OWNERSHIPS)[number];
export type ClassType = (typeof CLASS_TYPES)[number];

export type EnrollmentField = 'school_id' | 'school_name' | 'school_type' | 'ownership' | 'city' | 'major_code' | 'class_type' | 'students';
export const CHINESE_HEADERS: Record<EnrollmentField, string> = {
  school_id: '学校代码',
  school_name: '学校名称',
  school_type: '学校类型',
  ownership: '办学性质',
  city: '地市',
  major_code: '专业代码',
  class_type: '班级类型',
  students: '在校生数',
};

export const SCHOOL_TYPE_NAMES: Record<SchoolType, { zh: string; en: string }> = {
  technician_college: { zh: '技师学院', en: 'technician college' },
  senior_technical_school: { zh: '高级技工学校', en: 'senior technical school' },
  technical_school: { zh: '技工学校', en: 'technical school' },
};
export const OWNERSHIP_NAMES: Record<Ownership, { zh: string; en: string }> = {
  public: { zh: '公办', en: 'public' },
  private: { zh: '民办', en: 'private' },
};
export const CLASS_TYPE_NAMES: Record<ClassType, { zh: string; en: string }> = {
  intermediate: { zh: '中级工班', en: 'intermediate-worker class' },
  senior: { zh: '高级工班', en: 'senior-worker class' },
  preparatory_technician: { zh: '预备技师班', en: 'preparatory-technician class' },
  technician: { zh: '技师班', en: 'technician class' },
};
