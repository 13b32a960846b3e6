import type { Catalog } from './types';

/**
 * What the API answers when it refuses a request (the `message` of `{ error: { code, message, details } }`): the
 * request itself, sign-in, the store's refusals (four eyes, stale revisions, sealed datasets), and the service.
 */
export const apiMessages = {
  // the request
  request_body_invalid: { zh: '请求内容有误，请按下列各项修改。', en: 'The request body is not valid; see each problem.' },
  request_query_invalid: { zh: '请求参数有误，请按下列各项修改。', en: 'The request query is not valid; see each problem.' },
  not_found_value: { zh: '找不到“{value}”（{name}）。', en: 'No {name} "{value}" exists.' },
  route_not_found: { zh: '没有这个接口：{route}。', en: 'No route {route}.' },
  json_too_deep: { zh: '请求 JSON 嵌套 {depth} 层，最多接受 {maximum} 层。', en: 'The JSON body nests {depth} levels deep; at most {maximum} are accepted.' },
  json_malformed: { zh: '请求内容不是有效的 JSON。', en: 'The body is not valid JSON.' },
  request_too_large: {
    zh: '请求内容有 {bytes:number} 字节，最多接受 {maximum:number} 字节；大文件请分段上传。',
    en: 'The request body is {bytes:number} bytes; at most {maximum:number} are accepted (upload a large file in parts).',
  },
  request_too_large_max: {
    zh: '请求内容超过 {maximum:number} 字节；大文件请分段上传。',
    en: 'The request body exceeds {maximum:number} bytes; upload a large file in parts.',
  },
  response_too_large_export: {
    zh: '拨款测算 {runId} 的 {format} 导出文件有 {megabytes} MB，超过接口可返回的 6 MB；请改为导出 CSV（文件更小），或用 skillfund allocate 在本机生成。',
    en: 'The {format} export of run {runId} is {megabytes} MB, more than the API can return (6 MB); ask for CSV, which is smaller, or run skillfund allocate locally.',
  },
  response_too_large_comparison: {
    zh: '对比结果有 {megabytes} MB，超过接口可返回的 6 MB；请用 skillfund compare 在本机对比。',
    en: 'The comparison is {megabytes} MB, more than the API can return (6 MB); run skillfund compare locally.',
  },
  details_truncated: { zh: '（列出前 {shown:number} 项，共 {total:number} 项。）', en: '(The first {shown:number} of {total:number} are listed.)' },
  cursor_invalid: { zh: '翻页标记无效，请从第一页重新查询。', en: 'The cursor is not one this API returned; start again from the first page.' },
  idempotency_key_mismatch: { zh: '请求头 Idempotency-Key 与 clientKey 不一致。', en: 'Idempotency-Key and clientKey disagree.' },
  // signing in
  token_required: { zh: '请先登录（缺少访问令牌）。', en: 'A bearer token is required.' },
  local_token_required: {
    zh: '请先登录（缺少访问令牌；本地服务可运行 npx skillfund token 获取）。',
    en: 'A bearer token is required (Authorization: Bearer …; npx skillfund token prints one).',
  },
  token_invalid: { zh: '访问令牌无效或已过期，请重新登录。', en: 'The token is not valid here (expired, or signed by another key); sign in again.' },
  token_without_user: { zh: '访问令牌中没有用户标识。', en: 'The token names no user (sub / username).' },
  token_without_subject: { zh: '访问令牌中没有用户的唯一标识（sub），无法核对是否为同一人。', en: 'The token has no subject (sub), so the four-eyes checks cannot tell who this is.' },
  token_role_unknown: { zh: '访问令牌中的角色“{role}”无效。', en: 'The token’s role "{role}" is not one this service knows.' },
  school_token_without_school: { zh: '学校用户的访问令牌须包含学校代码（school_id）。', en: 'A school token must carry school_id.' },
  role_forbidden: { zh: '“{role:role}”角色不能执行此操作（{route}）。', en: 'The {role:role} role may not call {route}.' },
  // datasets
  dataset_name_required: { zh: '请填写数据集名称。', en: 'A dataset needs a name.' },
  part_empty: { zh: '该分段没有内容。', en: 'The part has no content.' },
  part_number_required: { zh: '请注明这是第几段（partNumber：1、2、……）。', en: 'Say which part this is (partNumber 1, 2, …).' },
  upload_format_unknown: { zh: '格式“{format}”无法识别，应为 csv、xlsx 或 json。', en: 'Format "{format}" is not csv, xlsx or json.' },
  upload_part_invalid: { zh: '分段序号须为不小于 1 的整数。', en: 'The part must be a whole number ≥ 1.' },
  content_not_base64: { zh: 'contentBase64 不是 Base64 编码。', en: 'contentBase64 is not base64.' },
  enrollment_unusable: { zh: '文件中没有可用的在校生数据行，未保存。请按下列各项修改后重新上传。', en: 'The file gives no usable enrolment line; nothing was saved. Fix the problems below and upload again.' },
  dataset_exists: { zh: '在校生数据集 {datasetId} 已存在。', en: 'Dataset {datasetId} already exists.' },
  dataset_not_found: { zh: '找不到在校生数据集 {datasetId}。', en: 'Dataset {datasetId} does not exist.' },
  dataset_sealed_no_parts: { zh: '在校生数据集 {datasetId} 已封存，不再接收分段。', en: 'Dataset {datasetId} is sealed; it takes no more parts.' },
  part_conflict: { zh: '在校生数据集 {datasetId} 的第 {part} 段已上传过不同的内容。', en: 'Part {part} of dataset {datasetId} was already uploaded with other content.' },
  dataset_sealed_during_part: { zh: '上传第 {part} 段期间，在校生数据集 {datasetId} 已被封存。', en: 'Dataset {datasetId} was sealed while part {part} was uploading.' },
  part_incomplete: { zh: '在校生数据集 {datasetId} 的第 {part} 段不完整，请重新上传该段。', en: 'Part {part} of dataset {datasetId} is incomplete; upload it again.' },
  dataset_already_sealed: { zh: '在校生数据集 {datasetId} 已经封存。', en: 'Dataset {datasetId} is already sealed.' },
  dataset_sealed_meanwhile: { zh: '在校生数据集 {datasetId} 刚被他人封存。', en: 'Dataset {datasetId} was sealed by someone else meanwhile.' },
  dataset_not_sealed: { zh: '在校生数据集 {datasetId} 尚未封存，请先完成上传。', en: 'Dataset {datasetId} is not sealed yet; finish its upload first.' },
  dataset_has_errors: {
    zh: '在校生数据集 {datasetId} 有 {count:number} 处问题；请修改文件后重新上传，或在测算时选择“排除有问题的行”。',
    en: 'Dataset {datasetId} has {count:number} row problem(s); fix the file, or compute with excludeInvalid: true.',
  },
  // rule sets and drafts
  version_invalid: { zh: '“{version}”不是版本号，也不是 latest。', en: '"{version}" is not a version number or "latest".' },
  version_not_found: { zh: '规则集 {ruleSetId} 没有第 {version} 版。', en: 'Rule set {ruleSetId} has no version {version}.' },
  no_published_version: { zh: '规则集 {ruleSetId} 还没有已发布的版本。', en: 'Rule set {ruleSetId} has no published version.' },
  rule_set_id_invalid: { zh: '“{id}”不能作为规则集代码。', en: '"{id}" cannot be a rule-set id.' },
  rule_set_id_mismatch: { zh: '规则集代码“{id}”与“{expected}”不符。', en: 'The rule set’s id "{id}" is not {expected}.' },
  draft_invalid: { zh: '草稿不是有效的规则集，请按下列各项修改。', en: 'The draft is not a valid rule set; see each problem.' },
  candidate_invalid: { zh: '用于对比的规则集无效，请按下列各项修改。', en: 'The candidate is not a valid rule set; see each problem.' },
  draft_exists: { zh: '草稿 {draftId} 已存在。', en: 'Draft {draftId} already exists.' },
  draft_not_found: { zh: '规则集 {ruleSetId} 没有草稿 {draftId}。', en: 'Rule set {ruleSetId} has no draft {draftId}.' },
  draft_stale: {
    zh: '草稿 {draftId} 已被他人修改（现为第 {current} 次修订，您读取的是第 {given} 次）；请重新加载后再修改。',
    en: 'Draft {draftId} is at revision {current}, not {given}: reload it and apply your change again.',
  },
  draft_base_outdated: {
    zh: '草稿 {draftId} 基于第 {base} 版，但最新发布的是第 {latest} 版；请以最新版本新建草稿，或把本草稿的修改合并到最新版本。',
    en: 'Draft {draftId} is based on version {base} but the latest published version is {latest}; start a new draft from the latest, or rebase this one.',
  },
  draft_same_person: {
    zh: '草稿 {draftId} 最后由 {user} 修改，须由另一位政策人员发布。',
    en: '{user} made the last edit of draft {draftId}, so another person must publish it.',
  },
  draft_publishing: { zh: '草稿 {draftId} 正由 {user} 发布。', en: 'Draft {draftId} is being published by {user}.' },
  draft_state: { zh: '草稿 {draftId} 的状态为“{status:draftStatus}”，不能执行此操作。', en: 'Draft {draftId} is {status:draftStatus}; this cannot be done now.' },
  draft_too_large: {
    zh: '草稿 {draftId} 的 JSON 有 {bytes:number} 字节，规则集最多 {maximum:number} 字节。',
    en: 'Draft {draftId} would be {bytes:number} bytes of JSON; a rule set may have at most {maximum:number}.',
  },
  version_published_meanwhile: { zh: '规则集 {ruleSetId} 的第 {version} 版刚被他人发布。', en: 'Version {version} of {ruleSetId} was published by someone else meanwhile.' },
  // runs and simulations
  fiscal_year_mismatch_rules: {
    zh: '规则集 {ruleSetId} 第 {version} 版适用于 {year} 年度，不是 {requested} 年度。',
    en: 'Rule set {ruleSetId} v{version} is for {year}, not {requested}.',
  },
  fiscal_year_mismatch_dataset: {
    zh: '在校生数据集 {datasetId} 属于 {year} 年度，不是 {requested} 年度。',
    en: 'Dataset {datasetId} is for {year}, not {requested}.',
  },
  allocation_refused: { zh: '无法完成测算，请按下列各项修改。', en: 'The allocation cannot be computed; see each problem.' },
  simulation_refused: { zh: '按{side:side}无法完成测算，请按下列各项修改。', en: 'The allocation under {side:side} cannot be computed; see each problem.' },
  idempotency_conflict: {
    zh: '请求标识“{clientKey}”已用于另一次测算请求（{runId}）；新的请求请换一个标识。',
    en: 'Idempotency key "{clientKey}" was already used for a different run request (run {runId}).',
  },
  run_not_found: { zh: '找不到拨款测算 {runId}。', en: 'Run {runId} does not exist.' },
  run_school_not_found: { zh: '拨款测算 {runId} 中没有学校 {schoolId}。', en: 'Run {runId} has no school {schoolId}.' },
  run_already_approved: { zh: '拨款测算 {runId} 已由 {user} 批准。', en: 'Run {runId} was already approved by {user}.' },
  run_same_person: { zh: '拨款测算 {runId} 由 {user} 创建，须由另一位财务人员批准。', en: '{user} created run {runId}, so another person must approve it.' },
  // the service
  service_busy: { zh: '数据库繁忙，请几秒后重试。', en: 'The database is busy; try again in a few seconds.' },
  internal_error: { zh: '服务器出错了，请稍后重试；如仍出错，请联系管理员（请求编号见日志）。', en: 'Something went wrong on our side; the request id is in the logs.' },
  local_server_failed: { zh: '本地服务出错了，详见其日志。', en: 'The local server failed; see its log.' },
  console_not_built_title: { zh: '控制台尚未构建', en: 'The console is not built' },
  console_not_built_hint: {
    zh: '接口服务已在运行，但 web/dist 中还没有控制台。请在项目目录运行下面的命令构建控制台（npm start 会自动构建），然后刷新本页。',
    en: 'The API is running, but web/dist has no console yet. Build it with the command below in the checkout (npm start builds it for you), then reload this page.',
  },
} satisfies Catalog;
