import type { LineReason, MovedLineFigures } from '../domain/compare';
import { formatFixed } from '../domain/fixed';
import type { CompiledStandard } from '../domain/standards';

/** Bytes gathered before a piece is handed on: large writes, one reused buffer. */
const PIECE_BYTES = 1 << 20;
/** A line's bytes besides its cached texts: keys, row, two entitlements, three amounts (generous). */
const LINE_SLACK = 1024;

/** Amounts with more decimals than this (no rule set has them) go through formatFixed's text. */
const MAX_DIGIT_SCALE = 16;

const encoder = new TextEncoder();
const utf8 = (text: string) => encoder.encode(text);

/**
 * The moved lines of a streamed comparison as compact UTF-8 JSON, one element after another with commas between
 * (no brackets): byte for byte `lines.map((line) => JSON.stringify(line)).join(',')` for the lines
 * a ComparisonStream's `lines()` gives, which a test holds it to.
 *
 * A national comparison moves ~320,000 lines (~160 MB of JSON). Made as text, every line was a tree of joined
 * strings with three money texts, flattened and encoded again to UTF-8 when written: more time than computing the
 * comparison. Here what repeats (a school's id, a standard's major and class type, each shared reasons list) is
 * encoded once, amounts go from units straight to digits, and the bytes land in one buffer. Pieces are views of
 * that buffer: each must be used (written or copied) before the next one is asked for.
 */
export function* movedLinesJson(stream: { lineFigures(): Iterable<MovedLineFigures>; moneyScale: number }): Generator<Uint8Array> {
  const out = new ByteBuffer(PIECE_BYTES + LINE_SLACK);
  const scale = stream.moneyScale;
  const segments = new LineSegments();
  let first = true;
  for (const line of stream.lineFigures()) {
    const school = segments.school(line.schoolId);
    const standard = segments.standard(line.standard);
    const students = segments.students(line.students);
    const perStudent = segments.perStudent(line.baseStandard, line.candidateStandard);
    const reasons = segments.reasons(line.reasons);
    out.reserve(LINE_SLACK + school.length + standard.length + students.length + perStudent.length + reasons.length + line.baseEntitlement.length + line.candidateEntitlement.length);
    out.bytes(first ? ROW : NEXT_ROW);
    first = false;
    out.wholeNumber(line.row);
    out.bytes(school);
    out.bytes(standard);
    out.bytes(students);
    out.bytes(perStudent);
    out.jsonString(line.baseEntitlement);
    out.bytes(CANDIDATE_ENTITLEMENT);
    out.jsonString(line.candidateEntitlement);
    out.bytes(BASE_ALLOCATION);
    out.units(line.baseAllocation, scale);
    out.bytes(CANDIDATE_ALLOCATION);
    out.units(line.candidateAllocation, scale);
    out.bytes(DELTA);
    out.units(line.delta, scale);
    out.bytes(REASONS);
    out.bytes(reasons);
    out.bytes(END);
    if (out.used >= PIECE_BYTES) {
      yield out.view();
      out.used = 0;
    }
  }
  if (out.used) yield out.view();
}

const ROW = utf8('{"row":');
const NEXT_ROW = utf8(',{"row":');
const CANDIDATE_ENTITLEMENT = utf8(',"candidateEntitlement":');
const BASE_ALLOCATION = utf8(',"baseAllocation":"');
const CANDIDATE_ALLOCATION = utf8('","candidateAllocation":"');
const DELTA = utf8('","delta":"');
const REASONS = utf8('","reasons":');
const END = utf8('}');

/** The encoded runs of keys and values that many lines share, each made once. */
class LineSegments {
  private schoolId: string | undefined;
  private schoolBytes = new Uint8Array();
  private readonly standards = new Map<CompiledStandard, Uint8Array>();
  private readonly studentCounts = new Map<string, Uint8Array>();
  private readonly perStudents = new Map<CompiledStandard | undefined, Map<CompiledStandard | undefined, Uint8Array>>();
  private readonly reasonLists = new Map<LineReason[], Uint8Array>();

  /** `,"schoolId":…`: lines come school by school, so the last one is the one to keep. */
  school(id: string): Uint8Array {
    if (id !== this.schoolId) {
      this.schoolId = id;
      this.schoolBytes = utf8(`,"schoolId":${JSON.stringify(id)}`);
    }
    return this.schoolBytes;
  }

  /** `,"majorCode":…,"majorName":…,"classType":…,"students":` */
  standard(standard: CompiledStandard): Uint8Array {
    let bytes = this.standards.get(standard);
    if (!bytes) {
      const text = `,"majorCode":${JSON.stringify(standard.majorCode)},"majorName":${JSON.stringify(standard.majorName)},"classType":${JSON.stringify(standard.classType)},"students":`;
      this.standards.set(standard, (bytes = utf8(text)));
    }
    return bytes;
  }

  students(count: string): Uint8Array {
    let bytes = this.studentCounts.get(count);
    if (!bytes) this.studentCounts.set(count, (bytes = utf8(JSON.stringify(count))));
    return bytes;
  }

  /** `,"basePerStudent":…,"candidatePerStudent":…,"baseEntitlement":` */
  perStudent(base: CompiledStandard | undefined, candidate: CompiledStandard | undefined): Uint8Array {
    let byCandidate = this.perStudents.get(base);
    if (!byCandidate) this.perStudents.set(base, (byCandidate = new Map()));
    let bytes = byCandidate.get(candidate);
    if (!bytes) {
      const text = `,"basePerStudent":${JSON.stringify(base ? base.perStudent : null)},"candidatePerStudent":${JSON.stringify(candidate ? candidate.perStudent : null)},"baseEntitlement":`;
      byCandidate.set(candidate, (bytes = utf8(text)));
    }
    return bytes;
  }

  /** The engine shares one reasons list among the lines with the same pair of derivations (compare-reasons.ts). */
  reasons(list: LineReason[]): Uint8Array {
    let bytes = this.reasonLists.get(list);
    if (!bytes) this.reasonLists.set(list, (bytes = utf8(JSON.stringify(list))));
    return bytes;
  }
}

/** A growable byte buffer written at `used`; `reserve` first, then the writes do not check for room. */
class ByteBuffer {
  buffer: Uint8Array;
  used = 0;
  /** Digits of one amount, made from the right: at most 16 of a safe integer, or the scale's zeros and one. */
  private readonly digits = new Uint8Array(MAX_DIGIT_SCALE + 17);

  constructor(size: number) {
    this.buffer = new Uint8Array(size);
  }

  reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const bigger = new Uint8Array(Math.max(this.buffer.length * 2, this.used + bytes));
    bigger.set(this.buffer.subarray(0, this.used));
    this.buffer = bigger;
  }

  view(): Uint8Array {
    return this.buffer.subarray(0, this.used);
  }

  bytes(bytes: Uint8Array): void {
    const { buffer } = this;
    const at = this.used;
    // A call into set() costs more than copying a few bytes by hand.
    if (bytes.length > 32) buffer.set(bytes, at);
    else for (let i = 0; i < bytes.length; i++) buffer[at + i] = bytes[i]!;
    this.used = at + bytes.length;
  }

  /** A string as JSON writes it: quoted, and as it is when it has only printable ASCII without `"` or `\`. */
  jsonString(text: string): void {
    const { buffer } = this;
    const start = this.used;
    buffer[start] = 0x22;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) {
        // Never for the engine's decimal texts; correct for anything else.
        this.used = start;
        this.reserve(text.length * 6 + 2);
        this.bytes(utf8(JSON.stringify(text)));
        return;
      }
      buffer[start + 1 + i] = code;
    }
    buffer[start + 1 + text.length] = 0x22;
    this.used = start + text.length + 2;
  }

  wholeNumber(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      this.bytes(utf8(JSON.stringify(value)));
      return;
    }
    this.decimal(value, 0);
  }

  /** The same text as formatFixed(units, scale), without making it. */
  units(units: bigint | number, scale: number): void {
    if (typeof units === 'number' && Number.isSafeInteger(units) && scale <= MAX_DIGIT_SCALE) {
      if (units < 0) {
        this.buffer[this.used++] = 0x2d;
        units = -units;
      }
      this.decimal(units, scale);
    } else {
      // BigInt units (a run whose amounts are beyond 2^53), and formatFixed's own refusal of anything inexact.
      const text = formatFixed(units, scale);
      this.reserve(text.length);
      for (let i = 0; i < text.length; i++) this.buffer[this.used + i] = text.charCodeAt(i);
      this.used += text.length;
    }
  }

  /** A non-negative safe integer's digits, with a point before the last `scale` of them (zeros in front as needed). */
  private decimal(value: number, scale: number): void {
    const { digits } = this;
    let from = digits.length;
    do {
      // Exact: value is an integer below 2^53, so are value − r and its tenth.
      const r = value % 10;
      digits[--from] = 0x30 + r;
      value = (value - r) / 10;
    } while (value > 0);
    while (digits.length - from < scale + 1) digits[--from] = 0x30;
    const whole = digits.length - from - scale;
    const { buffer } = this;
    let at = this.used;
    for (let i = 0; i < whole; i++) buffer[at++] = digits[from + i]!;
    if (scale > 0) {
      buffer[at++] = 0x2e;
      for (let i = whole; i < whole + scale; i++) buffer[at++] = digits[from + i]!;
    }
    this.used = at;
  }
}
