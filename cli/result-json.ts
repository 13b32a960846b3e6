import type { AllocationStream } from '../domain/allocate';
import type { ScheduledSchool } from '../domain/instalments';
import { PRETTY_LIMIT, StreamedArray } from './json-output';

/**
 * The allocate command's JSON (SPEC §4) in either form, made school by school from the engine's stream; with a
 * payment schedule each school carries its `instalments` after its own fields, in both forms (SPEC §13).
 */

export type Shares = Map<string, ScheduledSchool['instalments']>;

/** Each school with its share of every instalment after its own fields, when there is a schedule. */
function* scheduled<T extends { schoolId: string }>(schools: Iterable<T>, bySchool: Shares | undefined): Generator<T> {
  for (const school of schools) yield bySchool ? { ...school, instalments: bySchool.get(school.schoolId) } : school;
}

/** SPEC §4's result with every line written out in full: the bytes earlier versions wrote. */
export function expandedJson(stream: AllocationStream, bySchool: Shares | undefined) {
  return { summary: stream.summary, schools: new StreamedArray(stream.schoolCount, stream.lineCount, () => scheduled(stream.schools(), bySchool)), excluded: stream.excluded };
}

/** SPEC §4's result with the derivations in `standards`, each school made compact as it is written. */
export function compactJson(stream: AllocationStream, bySchool: Shares | undefined, streamed = stream.schoolCount + stream.lineCount > PRETTY_LIMIT) {
  // Indented output (a province) is made from the schools themselves.
  if (!streamed) {
    return { summary: stream.summary, standards: stream.standards, schools: [...scheduled(stream.compactSchools(), bySchool)], excluded: stream.excluded };
  }
  // Each school is written as the text the stream makes for it (the same as JSON.stringify of the compact school),
  // with its instalments after the school's own keys, where JSON.stringify of { ...school, instalments } puts them.
  const instalments = bySchool ? (schoolId: string) => `,"instalments":${JSON.stringify(bySchool.get(schoolId))}` : undefined;
  const schools = new StreamedArray<readonly string[]>(
    stream.schoolCount,
    stream.lineCount,
    () => stream.compactSchoolTextParts(instalments),
    (parts) => parts,
    () => stream.compactSchoolBytes(instalments),
  );
  return { summary: stream.summary, standards: stream.standards, schools, excluded: stream.excluded };
}
