import type { Catalog } from './types';

/**
 * Governance: the run lifecycle (approve, return, withdraw, supersede), four-eyes publishing, payment schedules,
 * rules that check themselves, the audit trail and notifications (SPEC §10, §11; issue 13).
 */
export const governanceMessages = {
  // run decisions refused (409)
  run_refused_approved: {
    zh: '测算 {runId} 已由 {by} 于 {at} 批准，不能再次审批、退回或撤回。',
    en: 'Run {runId} was already approved by {by} at {at}; it cannot be approved, returned or withdrawn again.',
  },
  run_refused_returned: {
    zh: '测算 {runId} 已由 {by} 于 {at} 退回，不能再审批或撤回；请修正后重新测算。',
    en: 'Run {runId} was returned by {by} at {at}; it cannot be approved or withdrawn. Correct it and compute a new run.',
  },
  run_refused_withdrawn: {
    zh: '测算 {runId} 已由创建人 {by} 于 {at} 撤回，不能再审批或退回。',
    en: 'Run {runId} was withdrawn by its creator {by} at {at}; it cannot be approved or returned.',
  },
  run_superseded: {
    zh: '测算 {runId} 已被测算 {by} 替代，不再是现行拨款，不能再作任何审批操作。',
    en: 'Run {runId} was superseded by run {by}; it is no longer the current allocation and cannot be decided on.',
  },
  run_same_person_approve: {
    zh: '测算 {runId} 由您创建，须由另一位财务人员批准。',
    en: 'You created run {runId}; another finance officer must approve it.',
  },
  run_same_person_return: {
    zh: '测算 {runId} 由您创建；如不再需要，请撤回，退回须由另一位财务人员办理。',
    en: 'You created run {runId}; withdraw it if it is not needed. Returning it is for another finance officer.',
  },
  not_run_creator: {
    zh: '只有测算 {runId} 的创建人 {creator} 可以撤回它；如有问题，请退回并说明理由。',
    en: 'Only the creator of run {runId} ({creator}) may withdraw it; return it with a reason instead.',
  },
  supersede_required: {
    zh: '本年度该规则集已有现行拨款（测算 {current}）。批准测算 {runId} 须指明替代 {current} 并说明理由。',
    en: 'Run {current} is the current allocation of this rule set and fiscal year. Approving run {runId} must name {current} as the run it supersedes, with a reason.',
  },
  supersede_mismatch: {
    zh: '批准测算 {runId} 时指明替代 {named}，但现行拨款是测算 {current}；请核对后重新批准。',
    en: 'Approving run {runId} names {named} as superseded, but the current allocation is run {current}; check and approve again.',
  },
  run_supersedes_nothing: {
    zh: '批准测算 {runId} 时指明替代 {named}，但本年度该规则集尚无现行拨款；请勿填写被替代的测算。',
    en: 'Approving run {runId} names {named} as superseded, but this rule set and fiscal year has no current allocation; leave it out.',
  },
} satisfies Catalog;
