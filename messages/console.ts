import type { Catalog } from './types';

/**
 * Stale drafts and their rebase (issue 14), and the run page's server-side school table: what the API answers and
 * what the console says around them.
 */
export const consoleMessages = {
  // the rebase API
  draft_rebase_not_needed: { zh: '草稿 {draftId} 已基于最新版本 v{version}，无需合并。', en: 'Draft {draftId} is already based on the latest version, v{version}: there is nothing to rebase.' },
  draft_rebase_unresolved: {
    zh: '还有 {count:number} 处冲突未选择保留哪一方：请逐项选择后再保存合并结果。',
    en: '{count:number} conflict(s) have no choice yet: choose a side for each before saving the rebase.',
  },
  rebase_conflict_unresolved: { zh: '请选择保留草稿的值，还是采用最新版本的值。', en: 'Choose the draft’s value or the latest version’s.' },
  rebase_resolution_unknown: { zh: '这里没有冲突需要选择（{path}）。', en: 'There is no conflict here to choose for ({path}).' },
  draft_rebase_target_moved: {
    zh: '您预览的是合并到 v{previewed} 的结果，但最新版本已是 v{latest}：请重新预览、核对后再保存。',
    en: 'You previewed a rebase onto v{previewed}, but the latest version is now v{latest}: preview again and check before saving.',
  },
  draft_rebase_target_required: { zh: '保存合并结果时须注明预览时的最新版本（onto）。', en: 'A rebase save must name the version it previewed (onto).' },
  audit_action_draft_rebase: { zh: '合并最新版本', en: 'draft rebased' },

  // the draft page
  draft_stale_notice: {
    zh: '本草稿基于 v{base}，但此后已发布 v{latest}。发布前须先把草稿的修改合并到最新版本。',
    en: 'This draft is based on v{base}, but v{latest} was published since. Rebase the draft onto the latest version before it can be published.',
  },
  rebase_open: { zh: '合并到最新版本', en: 'Rebase onto the latest version' },
  rebase_title: { zh: '把草稿的修改合并到 v{latest}', en: 'Rebase the draft’s changes onto v{latest}' },
  rebase_unsaved_first: { zh: '您有未保存的修改：请先保存草稿，再合并。', en: 'You have unsaved changes: save the draft first, then rebase.' },
  rebase_clean: {
    zh: '草稿的修改与 v{latest} 的修改互不冲突，保存后草稿即基于 v{latest}。',
    en: 'The draft’s changes and v{latest}’s do not conflict; once saved, the draft is based on v{latest}.',
  },
  rebase_conflicts: {
    zh: '有 {count:number} 处草稿与 v{latest} 都修改了且改法不同，请逐项选择保留哪一个值：',
    en: '{count:number} field(s) were changed both in the draft and in v{latest}, differently: choose which value to keep for each.',
  },
  rebase_value_base: { zh: '基础版本 v{version}', en: 'base v{version}' },
  rebase_value_ours: { zh: '草稿', en: 'draft' },
  rebase_value_theirs: { zh: '最新版本 v{version}', en: 'latest v{version}' },
  rebase_keep_ours: { zh: '保留草稿的值', en: 'Keep the draft’s value' },
  rebase_take_theirs: { zh: '采用最新版本的值', en: 'Take the latest version’s' },
  rebase_absent: { zh: '（无）', en: '(none)' },
  rebase_whole_item: { zh: '整项', en: 'whole item' },
  rebase_four_eyes: {
    zh: '合并是一次修改：保存后您将成为本草稿的编辑人之一，须由另一位政策人员发布。',
    en: 'A rebase is an edit: once saved you are one of the draft’s editors, and another policy officer must publish it.',
  },
  rebase_save: { zh: '保存合并结果', en: 'Save the rebase' },
  rebase_saved: { zh: '已合并到 v{version}（修订号 {revision}）', en: 'Rebased onto v{version} (revision {revision})' },
  rebase_choose_all: { zh: '还有 {count:number} 处未选择', en: '{count:number} still to choose' },
  rebase_col_where: { zh: '位置', en: 'Where' },
  rebase_col_choice: { zh: '保留', en: 'Keep' },
  rebase_changes_title: { zh: '合并后相对 v{latest} 的改动（即草稿的修改）', en: 'What the merged draft changes in v{latest} (the draft’s changes)' },
  rebase_no_changes: { zh: '合并后与 v{latest} 完全相同：草稿的修改已都包含在最新版本中。', en: 'The merged draft is the same as v{latest}: the latest version already has all of the draft’s changes.' },
  rebase_reloaded: {
    zh: '草稿或最新版本在此期间有了变化：已重新加载并重新预览合并结果，请核对后再保存。',
    en: 'The draft or the latest version changed meanwhile: both were reloaded and the rebase previewed again; check it before saving.',
  },
  rebase_publish_refused_title: { zh: '草稿需先合并到最新版本', en: 'The draft must be rebased first' },

  // the run page's school table
  run_schools_search: { zh: '按学校名称或代码搜索', en: 'Search by school name or code' },
  run_schools_total: { zh: '合计（{count:number} 所）', en: 'Total ({count:number} schools)' },
  run_schools_filtered: { zh: '筛选后合计（{count:number} 所）', en: 'Total of the filtered schools ({count:number})' },
} as const satisfies Catalog;
