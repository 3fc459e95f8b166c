// Chinese (and English) names of the schema's enum values, for display only.

export const KINDS = {
  PARTY_ORGAN: "党委工作机关",
  GOVERNMENT_DEPARTMENT: "政府工作部门",
  DEPARTMENT_MANAGED_BODY: "部门管理机构",
  COMMISSION: "议事协调机构",
  AFFILIATED_INSTITUTION: "直属事业单位",
  PUBLIC_INSTITUTION: "事业单位",
  INTERNAL_SECTION: "内设机构",
  LAW_ENFORCEMENT_TEAM: "综合行政执法队伍",
  VERTICAL_BRANCH: "派出机构/分局",
  OTHER_ORGAN: "其他机关",
};

export const RELATIONS = {
  SECTION: "内设",
  MANAGED: "管理",
  COMMISSION: "议事协调",
  BRANCH: "派出",
};

export const EVENTS = {
  FORMED: "组建",
  REFORMED: "重新组建",
  MERGED: "合并",
  SPLIT: "拆分",
  RENAMED: "更名",
  REPLACED: "替代",
  ABOLISHED: "撤销",
  DUTIES_TRANSFERRED: "职责划转",
  FUNCTIONS_RETURNED: "职能回归",
  NAMEPLATE_ADDED: "加挂牌子",
  SANDING_ISSUED: "印发三定",
};

export const MATCHES = { EXACT: "对应 exact", MERGED: "合并 merged", VERTICAL: "垂直 vertical" };

export const STATUSES = {
  MATCHED: "对应",
  MERGED: "合并",
  VERTICAL: "垂直",
  MISSING: "缺失",
  UNKNOWN: "未知",
  ALLOWED: "允许",
};

export const CONFIDENCE = {
  CONFIRMED: ["已证实", "confirmed: a source states it"],
  INFERRED: ["推断", "inferred: completed from the national template or by reasoning"],
};
