import type { EnrollmentLine } from '../domain/enrollment';
import { CLASS_TYPES, type ClassType, type Ownership, type RuleSet, type SchoolType } from '../domain/ruleset';

export { enrollmentToCsv, enrollmentToJson, enrollmentToXlsx } from './enrollment-writer';

export interface GenerateOptions {
  schools: number;
  /** Same seed, rule set and options → the same lines, on every machine. */
  seed?: number;
  /** Lines per school; by default it depends on the school type. Capped by the (major, class type) pairs available. */
  linesPerSchool?: number;
  ruleSet: RuleSet;
}

/** A small, fast, seeded PRNG (mulberry32): uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

/**
 * Heilongjiang's 13 cities/prefectures with their administrative codes, a rough share of the
 * province's technical schools, and the category names their industry leans to.
 */
const CITIES: { name: string; code: string; weight: number; leaning: string[] }[] = [
  { name: '哈尔滨', code: '2301', weight: 30, leaning: ['信息', '机械', '交通', '医药'] },
  { name: '齐齐哈尔', code: '2302', weight: 10, leaning: ['机械', '冶金'] },
  { name: '鸡西', code: '2303', weight: 5, leaning: ['能源'] },
  { name: '鹤岗', code: '2304', weight: 3, leaning: ['能源'] },
  { name: '双鸭山', code: '2305', weight: 4, leaning: ['能源', '冶金'] },
  { name: '大庆', code: '2306', weight: 9, leaning: ['能源', '化工'] },
  { name: '伊春', code: '2307', weight: 3, leaning: ['农业'] },
  { name: '佳木斯', code: '2308', weight: 7, leaning: ['农业', '机械'] },
  { name: '七台河', code: '2309', weight: 3, leaning: ['能源'] },
  { name: '牡丹江', code: '2310', weight: 8, leaning: ['服务', '财经', '建筑'] },
  { name: '黑河', code: '2311', weight: 4, leaning: ['农业', '服务'] },
  { name: '绥化', code: '2312', weight: 9, leaning: ['农业', '医药'] },
  { name: '大兴安岭', code: '2327', weight: 2, leaning: ['农业'] },
];

const SCHOOL_TYPES_MIX: { type: SchoolType; weight: number; suffix: string; students: [number, number]; lines: [number, number]; privateShare: number }[] = [
  { type: 'technician_college', weight: 20, suffix: '技师学院', students: [1500, 7000], lines: [10, 22], privateShare: 0.05 },
  { type: 'senior_technical_school', weight: 25, suffix: '高级技工学校', students: [800, 3500], lines: [6, 14], privateShare: 0.12 },
  { type: 'technical_school', weight: 55, suffix: '技工学校', students: [250, 1800], lines: [3, 9], privateShare: 0.2 },
];
const PUBLIC_QUALIFIERS = ['', '市', '工业', '交通', '建设', '农业', '铁路', '石化', '机电', '轻工', '信息工程', '冶金', '煤炭', '林业', '商业', '电力', '第一', '第二'];
const PRIVATE_BRANDS = ['华夏', '远航', '蓝天', '育才', '启明', '金桥', '博达', '英才', '北方', '龙江', '鸿泰', '恒信'];
/** Relative size of a class type's cohort within a school. */
const CLASS_WEIGHTS: Record<ClassType, number> = { intermediate: 1, senior: 0.55, preparatory_technician: 0.3, technician: 0.15 };

function pick<T extends { weight: number }>(items: readonly T[], random: Random): T {
  let point = random() * items.reduce((sum, item) => sum + item.weight, 0);
  for (const item of items) if ((point -= item.weight) < 0) return item;
  return items[items.length - 1]!;
}

const between = (random: Random, [low, high]: [number, number]) => low + Math.floor(random() * (high - low + 1));

/** K distinct items drawn with probability proportional to weight (Efraimidis–Spirakis keys). */
function weightedSample<T>(items: T[], weightOf: (item: T) => number, count: number, random: Random): T[] {
  return items
    .map((item) => ({ item, key: -Math.log(1 - random()) / weightOf(item) }))
    .sort((a, b) => a.key - b.key)
    .slice(0, count)
    .map((entry) => entry.item);
}

/** Averaged counts: most lines are whole students, some are term averages (halves, thirds, quarters). */
function studentsText(whole: number, random: Random): string {
  const roll = random();
  const fraction = roll < 0.07 ? '.5' : roll < 0.09 ? '.33' : roll < 0.11 ? '.67' : roll < 0.12 ? '.25' : '';
  return `${whole}${fraction}`;
}

class NameBook {
  private readonly used = new Set<string>();
  private readonly serials = new Map<string, number>();

  schoolId(cityCode: string): string {
    const serial = (this.serials.get(cityCode) ?? 0) + 1;
    this.serials.set(cityCode, serial);
    return `${cityCode}${String(serial).padStart(3, '0')}`;
  }

  schoolName(city: string, suffix: string, ownership: Ownership, random: Random): string {
    const words = ownership === 'private' ? PRIVATE_BRANDS : PUBLIC_QUALIFIERS;
    const prefix = ownership === 'public' && city === '哈尔滨' && random() < 0.3 ? '黑龙江省' : city;
    const start = Math.floor(random() * words.length);
    for (let i = 0; i < words.length; i++) {
      const name = `${prefix}${words[(start + i) % words.length]}${suffix}`;
      if (!this.used.has(name)) return this.claim(name);
    }
    for (let n = 2; ; n++) {
      const name = `${prefix}${words[start]}${suffix}（${n}校区）`;
      if (!this.used.has(name)) return this.claim(name);
    }
  }

  private claim(name: string): string {
    this.used.add(name);
    return name;
  }
}

/**
 * A plausible synthetic enrolment for a rule set: Heilongjiang cities, the three school types at
 * realistic sizes, some private schools, class types only where the rule set's bands fund them, and
 * majors leaning to each city's industry. Rows are numbered as in the CSV/XLSX the writers produce.
 */
export function generateEnrollment(options: GenerateOptions): EnrollmentLine[] {
  const { ruleSet, schools } = options;
  if (!Number.isInteger(schools) || schools < 0) throw new RangeError(`schools must be a whole number ≥ 0, got ${schools}`);
  if (options.linesPerSchool !== undefined && (!Number.isInteger(options.linesPerSchool) || options.linesPerSchool < 1)) {
    throw new RangeError(`linesPerSchool must be a whole number ≥ 1, got ${options.linesPerSchool}`);
  }
  if (ruleSet.majors.length === 0) throw new RangeError('the rule set has no majors to enrol students in');
  const random = mulberry32(options.seed ?? 1);
  const categoryName = new Map(ruleSet.categories.map((category) => [category.code, category.name]));
  const allowedClasses = (type: SchoolType) =>
    CLASS_TYPES.filter((classType) => ruleSet.classBands.some((band) => band.classType === classType && (!band.schoolTypes || band.schoolTypes.includes(type))));
  const mix = SCHOOL_TYPES_MIX.filter((entry) => allowedClasses(entry.type).length > 0);
  const names = new NameBook();

  const lines: EnrollmentLine[] = [];
  for (let s = 0; s < schools; s++) {
    const city = pick(CITIES, random);
    const kind = pick(mix, random);
    const ownership: Ownership = random() < kind.privateShare ? 'private' : 'public';
    const schoolId = names.schoolId(city.code);
    const schoolName = names.schoolName(city.name, kind.suffix, ownership, random);
    const classes = allowedClasses(kind.type);
    const pairs = ruleSet.majors.flatMap((major) => classes.map((classType) => ({ major, classType })));
    const leaningOf = (majorCategory: string) => (city.leaning.some((word) => categoryName.get(majorCategory)?.includes(word)) ? 4 : 1);
    const count = Math.min(options.linesPerSchool ?? between(random, kind.lines), pairs.length);
    const chosen = weightedSample(pairs, (pair) => leaningOf(pair.major.category) * CLASS_WEIGHTS[pair.classType], count, random).sort(
      (a, b) => a.major.code.localeCompare(b.major.code) || CLASS_TYPES.indexOf(a.classType) - CLASS_TYPES.indexOf(b.classType),
    );
    const shares = chosen.map((pair) => CLASS_WEIGHTS[pair.classType] * (0.3 + 1.4 * random()));
    const shareTotal = shares.reduce((sum, share) => sum + share, 0);
    const schoolStudents = between(random, kind.students);
    chosen.forEach((pair, index) => {
      const whole = Math.max(5, Math.round((schoolStudents * shares[index]!) / shareTotal));
      lines.push({
        row: lines.length + 2,
        schoolId,
        schoolName,
        schoolType: kind.type,
        ownership,
        city: city.name,
        majorCode: pair.major.code,
        classType: pair.classType,
        students: studentsText(whole, random),
      });
    });
  }
  return lines;
}
