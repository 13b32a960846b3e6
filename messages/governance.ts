import type { Catalog } from './types';

/**
 * Governance: the run lifecycle (approve, return, withdraw, supersede), four-eyes publishing, payment schedules,
 * rules that check themselves, the audit trail and notifications (SPEC §10, §11; issue 13).
 */
export const governanceMessages = {
  run_busy: {
    zh: '拨款测算 {runId} 正在被他人同时处理，请稍后重试。',
    en: 'Run {runId} kept changing while it was being decided; try again.',
  },
  instalments_invalid: { zh: '拨付计划不正确，请按下列各项修改。', en: 'The payment schedule is not valid; see each problem.' },
  instalments_file_invalid: { zh: '拨付计划文件 {path} 不正确：', en: 'The payment schedule in {path} is not valid:' },
  response_too_large_audit_export: {
    zh: '审计日志导出文件有 {megabytes} MB，超过接口可返回的 6 MB；请按操作、人员、对象或日期筛选后再导出。',
    en: 'The audit export is {megabytes} MB, more than the API can return (6 MB); narrow it with a filter (action, person, subject or days).',
  },
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

  // run states and decisions as the console shows them
  run_state_review: { zh: '待审核', en: 'Under review' },
  run_state_approved: { zh: '已批准（现行）', en: 'Approved (current)' },
  run_state_superseded: { zh: '已被替代', en: 'Superseded' },
  run_state_returned: { zh: '已退回', en: 'Returned' },
  run_state_withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  run_action_approve: { zh: '批准', en: 'Approve' },
  run_action_return: { zh: '退回', en: 'Return' },
  run_action_withdraw: { zh: '撤回', en: 'Withdraw' },
  run_approve_title: { zh: '批准测算 {runId}', en: 'Approve run {runId}' },
  run_return_title: { zh: '退回测算 {runId}', en: 'Return run {runId}' },
  run_withdraw_title: { zh: '撤回测算 {runId}', en: 'Withdraw run {runId}' },
  run_approve_comment: { zh: '审批意见', en: 'Comment' },
  run_return_comment: { zh: '退回理由（必填）', en: 'Reason for returning (required)' },
  run_withdraw_comment: { zh: '撤回说明（可不填）', en: 'Note (optional)' },
  run_supersede_comment: { zh: '替代理由（必填）', en: 'Reason for superseding (required)' },
  run_comment_required: { zh: '请填写理由。', en: 'Give the reason.' },
  run_supersede_notice: {
    zh: '本规则集 {year} 年度的现行拨款是测算 {current}。批准本次测算将替代它：学校将只看到本次拨款，原拨款标为“已被替代”。',
    en: 'Run {current} is the current allocation of this rule set for {year}. Approving this run supersedes it: schools will see only this run, the other marked as superseded.',
  },
  run_excluded_summary: {
    zh: '本次测算剔除了 {lines} 行（在校生 {students} 人）。其中 {priced} 行按规则可以计算，应拨合计 {entitlement:money}；另有 {unpriced} 行无法计算（专业或班型不在规则中，或无法读取），金额未知。',
    en: 'This run excluded {lines} lines ({students} students). {priced} of them can be priced by the rules, entitled to {entitlement:money} in all; {unpriced} cannot be priced (major or class type not in the rules, or unreadable), their amount is unknown.',
  },
  run_excluded_none: { zh: '本次测算没有剔除任何行。', en: 'This run excluded no line.' },
  run_excluded_title: { zh: '被剔除的行（批准前请逐行核对）', en: 'Excluded lines (check them before approving)' },
  run_excluded_more: { zh: '仅显示前 {shown} 行，共 {count} 行；全部见导出文件。', en: 'The first {shown} of {count} lines; the export has them all.' },
  run_excluded_reason: { zh: '剔除原因', en: 'Reason' },
  run_approved_line: { zh: '批准：{by}，{at}', en: 'Approved by {by} at {at}' },
  run_returned_line: { zh: '退回：{by}，{at}', en: 'Returned by {by} at {at}' },
  run_withdrawn_line: { zh: '撤回：{by}，{at}', en: 'Withdrawn by {by} at {at}' },
  run_superseded_line: { zh: '已被测算 {runId} 替代：{by}，{at}', en: 'Superseded by run {runId}: {by}, {at}' },
  run_supersedes_line: { zh: '替代测算 {runId}', en: 'Supersedes run {runId}' },
  run_comment_line: { zh: '意见：{comment}', en: 'Comment: {comment}' },
  run_pending_line: { zh: '{by} 的审批尚未完成（{at}），再次操作即可完成或解除。', en: 'A decision by {by} ({at}) is not finished; any further action on the run finishes or releases it.' },
  run_withdraw_self_only: { zh: '仅创建人可撤回；由您创建的测算须由另一位财务人员批准或退回。', en: 'Only the creator may withdraw; a run you created is approved or returned by another finance officer.' },
  school_new_allocation: {
    zh: '{year} 年度拨款已批准生效（测算 {runId}，{at}），请查看本校拨款明细。',
    en: 'The {year} allocation was approved and is now in force (run {runId}, {at}); see your school’s statement.',
  },
  school_allocation_superseded: {
    zh: '此拨款已被测算 {runId} 替代，不再执行；请以现行拨款为准。',
    en: 'This allocation was superseded by run {runId} and is no longer in force; the current allocation applies.',
  },
  school_history: { zh: '历史拨款（已被替代）', en: 'Earlier allocations (superseded)' },
  school_current: { zh: '现行拨款', en: 'Current allocation' },
  // payment schedule (SPEC §10)
  instalment_share_not_positive: { zh: '拨付比例须大于 0（“{label}”为 {share}）。', en: 'A share must be greater than 0 ("{label}" is {share}).' },
  instalment_label_duplicate: { zh: '拨付期次名称“{label}”重复。', en: 'The instalment label "{label}" is used twice.' },
  instalment_due_invalid: { zh: '拨付日期 {due} 不是有效日期（格式 YYYY-MM-DD）。', en: '{due} is not a calendar date (YYYY-MM-DD).' },
  instalment_shares_sum: { zh: '各期拨付比例合计为 {sum}，必须恰好等于 1。', en: 'The shares add up to {sum}; they must add up to exactly 1.' },
  invalid_instalment: { zh: '拨付计划格式有误：每期须有名称（label）和比例（share），日期（due）可选。', en: 'A payment schedule entry needs a label and a share; due is optional.' },
  // drafts and publishing (409)
  draft_already_published: { zh: '草稿 {draftId} 已发布为第 {version} 版，不能再修改或发布；如需调整，请从最新版本新建草稿。', en: 'Draft {draftId} was already published as version {version}; start a new draft from the latest version to change it.' },
  draft_stale_revision: {
    zh: '草稿 {draftId} 已更新到修订 {current}，您看到的是修订 {revision}：请重新加载，核对最新内容后再操作。',
    en: 'Draft {draftId} is at revision {current}, not the revision {revision} you saw: reload it and check the latest content.',
  },
  draft_author_publishes: {
    zh: '草稿 {draftId} 由 {authors:list} 修改过，修改过的人不能发布它；须由未参与修改的另一位政策人员发布。',
    en: 'Draft {draftId} was changed by {authors:list}; someone who changed it may not publish it. Another policy officer who made no change must publish.',
  },
  draft_publish_in_progress: {
    zh: '草稿 {draftId} 正由 {by} 发布，暂不能修改；如发布中断，任何人再次点击“发布”即可完成或解除。',
    en: 'Draft {draftId} is being published by {by} and cannot be changed; if that publication was interrupted, anyone publishing again finishes or releases it.',
  },
  draft_base_overtaken: {
    zh: '草稿 {draftId} 基于第 {base} 版，但之后已发布了新版本；请从最新版本新建草稿并重新修改。',
    en: 'Draft {draftId} is based on version {base}, but a newer version was published since; start a new draft from the latest version.',
  },
  // rules that check themselves (SPEC §11)
  example_mismatch: {
    zh: '示例“{name}”（{schoolType:schoolType}，专业 {majorCode}，{classType:classType}）：政策规定生均 {expected:money}，按本规则计算为 {computed:money}，两者不一致。',
    en: 'Example "{name}" ({schoolType:schoolType}, major {majorCode}, {classType:classType}): the policy states {expected:money} per student, the rule set gives {computed:money}.',
  },
  example_unknown_major: { zh: '示例“{name}”的专业代码 {majorCode} 不在本规则集的专业中。', en: 'Example "{name}" names major {majorCode}, which the rule set does not define.' },
  example_class_type_not_allowed: {
    zh: '示例“{name}”：本规则集不为{schoolType:schoolType}的{classType:classType}拨款。',
    en: 'Example "{name}": the rule set does not fund {classType:classType} at a {schoolType:schoolType}.',
  },
  rate_above_100_percent: {
    zh: '“{name}”的上浮比例填的是 {value}，即上浮 {rate:rate}，超过 100%！比例按小数填写：如本意是上浮 {value}%，应填 {intended}。',
    en: 'The rate of "{name}" is {value}, an uplift of {rate:rate}, over 100%! Rates are fractions: for {value}% write {intended}.',
  },
  cap_above_100_percent: {
    zh: '上浮上限填的是 {value}，即 {rate:rate}，超过 100%！如本意是 {value}%，应填 {intended}。',
    en: 'The uplift cap is {value}, that is {rate:rate}, over 100%! For {value}% write {intended}.',
  },
  per_student_above_100000: {
    zh: '专业“{name}”（{majorCode}）{classType:classType}的生均标准为 {amount:money}，超过 10 万元，请核对。',
    en: 'Major "{name}" ({majorCode}), {classType:classType}: {amount:money} per student, above 100,000 yuan; please check.',
  },
  standard_below_1000: { zh: '“{name}”的标准为 {amount:money}，低于 1,000 元，请核对是否少填了位数。', en: '"{name}" is {amount:money}, below 1,000 yuan; check for a missing digit.' },
  changed_over_50_percent: {
    zh: '“{name}”由 {before} 改为 {after}，变动 {change:rate}，超过 50%，请核对。',
    en: '"{name}" changed from {before} to {after}, by {change:rate}, more than 50%; please check.',
  },
  warnings_not_accepted: {
    zh: '草稿有需要确认的提示（{codes:list}）。请逐条核对，确认无误后在发布时勾选接受这些提示。',
    en: 'The draft has warnings to confirm ({codes:list}). Check each one, then accept them when publishing.',
  },
  // the draft page
  draft_warnings_title: { zh: '有 {count} 条提示需要核对（不影响保存和测算，发布时须逐类确认）：', en: '{count} warnings to check (saving and simulating go on; publishing must accept each kind):' },
  draft_you_are_author: { zh: '您修改过本草稿，须由未参与修改的另一位政策人员发布。', en: 'You changed this draft; another policy officer who made no change must publish it.' },
  draft_accept_warnings_title: { zh: '发布修订 {revision}：请确认以下提示', en: 'Publish revision {revision}: confirm these warnings' },
  draft_accept_warning: { zh: '我已核对，接受“{code}”类提示', en: 'I checked these and accept "{code}"' },
  // exports: the run's record and the payment schedule
  export_run_id: { zh: '测算编号', en: 'run id' },
  export_run_state: { zh: '审核状态', en: 'state' },
  export_dataset: { zh: '在校生数据集', en: 'dataset' },
  export_created_by: { zh: '创建人', en: 'created by' },
  export_created_at: { zh: '创建时间', en: 'created at' },
  export_completed_at: { zh: '计算完成时间', en: 'computed at' },
  export_approved_by: { zh: '批准人', en: 'approved by' },
  export_approved_at: { zh: '批准时间', en: 'approved at' },
  export_approved_comment: { zh: '批准意见', en: 'approval comment' },
  export_supersedes: { zh: '替代的测算', en: 'supersedes run' },
  export_returned_by: { zh: '退回人', en: 'returned by' },
  export_returned_at: { zh: '退回时间', en: 'returned at' },
  export_returned_comment: { zh: '退回理由', en: 'reason for returning' },
  export_withdrawn_by: { zh: '撤回人', en: 'withdrawn by' },
  export_withdrawn_at: { zh: '撤回时间', en: 'withdrawn at' },
  export_withdrawn_comment: { zh: '撤回说明', en: 'withdrawal note' },
  export_superseded_by: { zh: '被以下测算替代', en: 'superseded by run' },
  export_superseded_by_by: { zh: '替代批准人', en: 'superseded by (person)' },
  export_superseded_at: { zh: '替代时间', en: 'superseded at' },
  export_superseded_comment: { zh: '替代理由', en: 'reason for superseding' },
  export_excluded_entitlement: { zh: '剔除行按规则应拨合计(元)', en: 'entitlement of excluded lines (yuan)' },
  export_schedule_sheet: { zh: '拨付计划', en: 'Payment schedule' },
  export_school_id: { zh: '学校代码', en: 'school_id' },
  export_school_name: { zh: '学校名称', en: 'school_name' },
  export_allocation: { zh: '拨款金额(元)', en: 'allocation' },
  export_total: { zh: '合计', en: 'total' },
  export_share: { zh: '比例', en: 'share' },
  // enrolment against the previous dataset of the series
  students_changed_over_50_percent: {
    zh: '学校 {schoolId}（{schoolName}）在校生由 {before} 人变为 {after} 人，变动 {change:rate}，超过 50%，请核对文件是否完整、学校代码是否变更。',
    en: 'School {schoolId} ({schoolName}) went from {before} to {after} students, a change of {change:rate}, over 50%; check that the file is complete and the school code unchanged.',
  },
  // the audit trail page and export
  audit_title: { zh: '审计日志', en: 'Audit trail' },
  audit_time: { zh: '时间', en: 'time' },
  audit_action: { zh: '操作', en: 'action' },
  audit_action_code: { zh: '操作代码', en: 'action code' },
  audit_actor: { zh: '人员', en: 'person' },
  audit_subject: { zh: '对象', en: 'subject' },
  audit_details: { zh: '详情', en: 'details' },
  audit_from: { zh: '起始日期', en: 'from' },
  audit_to: { zh: '截止日期', en: 'to' },
  audit_search: { zh: '查询', en: 'Search' },
  audit_reset: { zh: '重置', en: 'Reset' },
  audit_export: { zh: '导出 XLSX', en: 'Export XLSX' },
  audit_more: { zh: '加载更多', en: 'Load more' },
  audit_all_actions: { zh: '全部操作', en: 'all actions' },
  audit_append_only: { zh: '审计日志只增不改：任何人都不能修改或删除其中的记录。', en: 'The trail is append-only: nobody can change or delete an entry.' },
  audit_export_truncated: { zh: '（仅导出前 20,000 条，请缩小筛选范围）', en: '(only the first 20,000 entries; narrow the filter)' },
  audit_action_draft_create: { zh: '新建草稿', en: 'draft created' },
  audit_action_draft_edit: { zh: '修改草稿', en: 'draft edited' },
  audit_action_draft_submit: { zh: '提交草稿', en: 'draft submitted' },
  audit_action_ruleset_publish: { zh: '发布规则版本', en: 'version published' },
  audit_action_dataset_create: { zh: '新建数据集', en: 'dataset created' },
  audit_action_dataset_part: { zh: '上传数据分段', en: 'dataset part uploaded' },
  audit_action_dataset_seal: { zh: '封存数据集', en: 'dataset sealed' },
  audit_action_run_create: { zh: '新建测算', en: 'run created' },
  audit_action_run_approve: { zh: '批准测算', en: 'run approved' },
  audit_action_run_return: { zh: '退回测算', en: 'run returned' },
  audit_action_run_withdraw: { zh: '撤回测算', en: 'run withdrawn' },
  audit_action_run_supersede: { zh: '测算被替代', en: 'run superseded' },
  // notifications (the SNS topic of the AWS stack)
  notification_text: { zh: '技工院校生均拨款：{type}，对象 {subject}，经办人 {actor}，时间 {at}。', en: 'skillfund: {type}, {subject}, by {actor} at {at}.' },
  schedule_label: { zh: '期次', en: 'instalment' },
  schedule_due: { zh: '拨付日期', en: 'due' },
  dataset_year_hint: { zh: '填写财政年度后，将与同一年度（或上一年度）的上一份数据比对各校人数。', en: 'With a fiscal year, each school is compared with the previous dataset of that year (or the year before).' },
  dataset_warnings_title: {
    zh: '与上一份数据（{previous}）相比，{count} 所学校在校生变动超过 50%，请核对（不影响使用）：',
    en: 'Against the previous dataset ({previous}), {count} schools changed by more than 50%; please check (the dataset stays usable):',
  },
} satisfies Catalog;
