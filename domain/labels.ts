/**
 * The enumerations and the spellings a file may use for them, kept apart from the zod schema so that the console
 * can list values without bundling the validator. Their names for people are in messages/enums.ts.
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

/**
 * Besides its code, the spellings a file may use for each value (SPEC §2: "values of enumerations in either
 * language"), compared after lower-casing. These are input, not display: messages/enums.ts names the values for
 * people, and its test checks that every name it shows is accepted here.
 */
export const SCHOOL_TYPE_SPELLINGS: Record<SchoolType, string[]> = {
  technician_college: ['技师学院', 'technician college'],
  senior_technical_school: ['高级技工学校', 'senior technical school'],
  technical_school: ['技工学校', 'technical school'],
};
export const OWNERSHIP_SPELLINGS: Record<Ownership, string[]> = {
  public: ['公办', 'public'],
  private: ['民办', 'private'],
};
export const CLASS_TYPE_SPELLINGS: Record<ClassType, string[]> = {
  intermediate: ['中级工班', 'intermediate-worker class'],
  senior: ['高级工班', 'senior-worker class'],
  preparatory_technician: ['预备技师班', 'preparatory-technician class'],
  technician: ['技师班', 'technician class'],
};
