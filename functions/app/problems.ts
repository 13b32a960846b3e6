import type { RowProblem } from '../../domain/enrollment';
import { problemAt, type Problem } from '../../domain/problems';

/** Enough to fix a file; the full list stays with the dataset. Keeps error bodies far below Lambda's 6 MB. */
export const MAX_DETAILS = 500;

export function rowDetails(problems: RowProblem[]): Problem[] {
  return problems.slice(0, MAX_DETAILS).map((p) => problemAt(`row ${p.row}${p.field ? `.${p.field}` : ''}`, p.code, p.params));
}

export function prefixed(prefix: string, problems: Problem[]): Problem[] {
  return problems.map((p) => ({ ...p, path: p.path === '(root)' ? prefix : p.path.startsWith('[') ? `${prefix}${p.path}` : `${prefix}.${p.path}` }));
}
