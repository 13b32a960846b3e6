/** Drafts this browser opened, so a policy officer can find them again (and send the link to a colleague). */
export interface DraftRef {
  ruleSetId: string;
  draftId: string;
  label: string;
}

const KEY = 'skillfund.recentDrafts';

export function recentDrafts(): DraftRef[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as DraftRef[];
  } catch {
    return [];
  }
}

export function rememberDraft(ref: DraftRef): void {
  const others = recentDrafts().filter((d) => !(d.ruleSetId === ref.ruleSetId && d.draftId === ref.draftId));
  localStorage.setItem(KEY, JSON.stringify([ref, ...others].slice(0, 10)));
}
