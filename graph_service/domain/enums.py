"""The enumerations the seed records, the services and the GraphQL schema share: defined once
here (the GraphQL layer registers them with their descriptions, graph_service/graphql/enums.py)."""

from __future__ import annotations

import enum


class Confidence(enum.StrEnum):
    CONFIRMED = "confirmed"
    INFERRED = "inferred"


class Level(enum.StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWN = "town"


class BodyKind(enum.StrEnum):
    PARTY_ORGAN = "party_organ"  # 党委工作机关
    GOVERNMENT_DEPARTMENT = "government_department"  # 政府工作部门
    DEPARTMENT_MANAGED_BODY = "department_managed_body"  # 部门管理机构
    COMMISSION = "commission"  # 议事协调机构
    AFFILIATED_INSTITUTION = "affiliated_institution"  # 直属事业单位
    PUBLIC_INSTITUTION = "public_institution"  # 事业单位
    INTERNAL_SECTION = "internal_section"  # 内设机构
    LAW_ENFORCEMENT_TEAM = "law_enforcement_team"  # 综合行政执法队伍
    VERTICAL_BRANCH = "vertical_branch"  # 派出/分局 of an upper body (vertically managed)
    OTHER_ORGAN = "other_organ"  # 人大、政协、纪委监委、群团 and other organs outside the counts


class Requirement(enum.StrEnum):
    REQUIRED = "required"  # 必设: the centre and province require it
    LOCAL = "local"  # 因地制宜: set up locally


class EventType(enum.StrEnum):
    FORMED = "formed"  # 组建 / 新设
    REFORMED = "reformed"  # 重新组建: the body continues, with new duties
    MERGED = "merged"  # several bodies become one
    SPLIT = "split"  # one body becomes several
    RENAMED = "renamed"
    REPLACED = "replaced"  # one body ends and another takes over
    ABOLISHED = "abolished"  # 撤销 / 不再保留
    DUTIES_TRANSFERRED = "duties_transferred"  # 划入 / 划出
    FUNCTIONS_RETURNED = "functions_returned"  # administrative functions back from public institutions
    NAMEPLATE_ADDED = "nameplate_added"  # 挂牌
    SANDING_ISSUED = "sanding_issued"  # 三定 regulations issued


class MatchKind(enum.StrEnum):
    EXACT = "exact"
    MERGED = "merged"
    VERTICAL = "vertical"


class MatchBasis(enum.StrEnum):
    DOCUMENT = "document"  # an explicit correspondence in the data, with its sources
    MANAGEMENT = "management"  # one body is managed by the other (a branch)
    FUNCTIONS = "functions"  # shared function codes


class DatePrecision(enum.StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    WINDOW = "window"


class OrgChartSide(enum.StrEnum):
    """The roots of an org chart, in the official order of a jurisdiction's leadership bodies."""

    PARTY_COMMITTEE = "party_committee"  # 党委 and its departments and commissions
    GOVERNMENT = "government"  # 人民政府 and its departments and institutions
    PEOPLES_CONGRESS = "peoples_congress"  # 人大常委会
    CPPCC = "cppcc"  # 政协
    DISCIPLINE_SUPERVISION = "discipline_supervision"  # 纪委监委
    COURT = "court"  # 人民法院
    PROCURATORATE = "procuratorate"  # 人民检察院
    OTHER = "other"  # bodies of a national vertical system and the like


class OrgChartRelation(enum.StrEnum):
    """How a node of an org chart hangs from its parent."""

    SIDE = "side"  # a root: one side of the jurisdiction's leadership
    BODY = "body"  # a top-level body under its side
    SECTION = "section"  # an internal section of its parent
    MANAGED = "managed"  # managed by its parent, or part of it (teams, institutions)
    COMMISSION = "commission"  # a commission under the body hosting its office
    BRANCH = "branch"  # a branch of a vertical system, or managed from another level


class NoneReason(enum.StrEnum):
    """Why no body at another level corresponds."""

    NOT_REQUIRED = "not_required"  # the function catalogue does not require the field at that level
    EXCUSED = "excused"  # a correspondence exception (with its document) allows its absence
    NOT_RECORDED = "not_recorded"  # required, but the data set records no body covering it


class LineageRelation(enum.StrEnum):
    """How an earlier body is related to a later one through a reform event (docs/model.md,
    "Lineage relations"): always read from the earlier body to the later."""

    CONTINUED_AS = "continued_as"  # the one body the event ended, continued by the resulting body
    MERGED_INTO = "merged_into"  # one of several ended bodies, or absorbed by a body the event re-formed
    SPLIT_INTO = "split_into"  # the body split, the later body one of the parts
    RENAMED_TO = "renamed_to"
    TRANSFERRED_DUTIES_TO = "transferred_duties_to"  # only handed over some duties
