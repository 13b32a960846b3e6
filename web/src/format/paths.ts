/**
 * The API reports rule-set problems at JSON paths ("tiers[1].perStudent",
 * 'classBands[2].perStudentByTier["T 2"]'); the draft editor shows each one next to the form
 * field that edits that part of the rule set.
 */
export type FieldPath = (string | number)[];

const SEGMENT = /\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** "tiers[1].perStudent" → ["tiers", 1, "perStudent"]; null if the text is not such a path. */
export function parseJsonPath(path: string): FieldPath | null {
  if (path === '' || path === '(root)') return [];
  const segments: FieldPath = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < path.length) {
    const start = SEGMENT.lastIndex;
    const match = SEGMENT.exec(path);
    if (!match) return null;
    if (match[1] !== undefined) {
      if (start > 0 && !path.startsWith('.', start)) return null;
      segments.push(match[1]);
    } else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]!) as string);
  }
  return segments;
}

export function pathKey(path: FieldPath): string {
  return JSON.stringify(path);
}

/**
 * The form field a problem belongs to: the longest prefix of its path that is a field of the form
 * (a problem inside `perStudentByTier.T2` belongs to the band's per-tier editor). Null when no field
 * edits that part; the editor then lists the problem above the form.
 */
export function fieldForProblem(path: string, fields: ReadonlySet<string>): FieldPath | null {
  const segments = parseJsonPath(path);
  if (!segments) return null;
  for (let length = segments.length; length > 0; length--) {
    const prefix = segments.slice(0, length);
    if (fields.has(pathKey(prefix))) return prefix;
  }
  return null;
}

/** Groups problems by the field they belong to; unplaced ones keep their original path. */
export function placeProblems<P extends { path: string }>(
  problems: readonly P[],
  fields: ReadonlySet<string>,
): { byField: Map<string, P[]>; unplaced: P[] } {
  const byField = new Map<string, P[]>();
  const unplaced: P[] = [];
  for (const problem of problems) {
    const field = fieldForProblem(problem.path, fields);
    if (!field) {
      unplaced.push(problem);
      continue;
    }
    const key = pathKey(field);
    byField.set(key, [...(byField.get(key) ?? []), problem]);
  }
  return { byField, unplaced };
}
