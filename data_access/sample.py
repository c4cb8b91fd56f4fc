"""Built-in sample data: what the app shows the first time it meets an empty database.

Two rounds of the Shijiazhuang federation at the same 7 real sites:

* 2021, the real round of seed 000 (name, document number, phases, deliverables,
  the 7 sites and team sizes of the assignment table), with about three months
  of ledgers per team;
* 2020, a fictional earlier round with lighter ledgers, so that year-over-year
  comparisons have data.

All people are fictional: names come from surname and given-name lists and none
is, or contains, a name of the seeds (``SEED_NAMES``). Everything is drawn from
fixed seeds and fixed dates, never the wall clock, so every run builds the same
content (only the salted password hashes of the demo users differ).

The ledgers of a team come from ``team_ledger_rows``, a pure function returning
plain row dicts per model; ``insert_ledger_rows`` writes them with SQLAlchemy Core
in batches. A scale generator can call both for thousands of synthetic teams.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

import chinese_calendar
from pydantic_core import PydanticUndefined
from sqlalchemy import insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from data_access.auth import create_user
from data_access.db import PROJECT_DIR, write_session
from data_access.evaluation.sample_results import seed_closed_evaluation
from data_access.models import (
    LEDGER_MODELS,
    DailyRecord,
    Deliverable,
    Funds,
    LeadershipRole,
    LeaderVisit,
    Leave,
    LedgerBase,
    MajorRisk,
    MonthlyExchange,
    Outcome,
    Person,
    Phase,
    PracticalThing,
    Problem,
    Round,
    Site,
    Target,
    Team,
    TeamMember,
    UnionBuilding,
    Visit,
    WeeklyReport,
)

SITES_CSV = PROJECT_DIR / "sample_data" / "shijiazhuang_sites.csv"
SEED = 20210712
PROFILES_ORDER = ("excellent", "normal", "lagging", "risk")
INSERT_BATCH = 5000
UTC = UTC

# Every name in the seeds (assignment table, leadership group, contacts): never used.
SEED_NAMES: tuple[str, ...] = (
    "李志宏",
    "田志",
    "张宝山",
    "张瑞红",
    "吴丽娟",
    "鲍云鹏",
    "郭世华",
    "王秀然",
    "王鹏",
    "赵碧琛",
    "梁国发",
    "王星",
    "刘珍",
    "鲍清",
    "周武生",
    "廖建元",
    "潘潇",
    "马亚龙",
    "孙书平",
    "李荣祥",
    "李明晨",
    "王仲达",
    "张畅",
    "张倩波",
    "魏庆辉",
    "龚茂林",
    "梁思琦",
    "张冀",
    "高威",
    "田明志",
    "乔程杰",
    "康力",
    "王凯",
    "吴栓来",
    "高红霞",
    "李朝申",
    "谢晨星",
    "张迎新",
    "张生斌",
    "袁野",
    "魏好勇",
)

DEMO_MEMBER_SITE = "正定县正定镇"
DEMO_USERS: tuple[dict[str, Any], ...] = (
    {"username": "office", "password": "office-demo-2021", "role": "office", "display_name": "联络指导办公室（演示）"},
    {"username": "leader", "password": "leader-demo-2021", "role": "leadership", "display_name": "领导小组（演示）"},
    {
        "username": "member",
        "password": "member-demo-2021",
        "role": "member",
        "display_name": "",
        "team_site": DEMO_MEMBER_SITE,
    },  # display name: the member's own name
    {"username": "discipline", "password": "discipline-demo-2021", "role": "discipline", "display_name": "机关纪委（演示）"},
)

SIX_TARGET_METRICS = ("new_unions", "new_members", "problems_solved", "practical_things", "outcomes", "cadres_trained")


# ---------------------------------------------------------------- calendar


@lru_cache(maxsize=4096)
def is_workday(day: date) -> bool:
    """The state calendar (make-up working days included); plain weekdays outside its years."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


@lru_cache(maxsize=256)
def working_days(start: date, end: date) -> tuple[date, ...]:
    days = []
    day = start
    while day <= end:
        if is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return tuple(days)


def add_workdays(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself, moved to a working day, for 0)."""
    while not is_workday(day):
        day += timedelta(days=1)
    while count > 0:
        day += timedelta(days=1)
        if is_workday(day):
            count -= 1
    return day


def _stamp(rng: random.Random, day: date) -> datetime:
    """A moment in office hours (09:00–18:59 Beijing time) on ``day``, in UTC."""
    return datetime(day.year, day.month, day.day, rng.randint(1, 10), rng.randint(0, 59), rng.randint(0, 59), tzinfo=UTC)


# ---------------------------------------------------------------- site themes


@dataclass(frozen=True)
class SiteTheme:
    """What the ledger texts of a site talk about."""

    site: str  # full site name
    short: str  # how texts name it
    host: str  # the county/district federation or industry union the team works with
    site_union: str  # the site's own union
    places: tuple[str, ...]
    enterprises: tuple[tuple[str, str, str], ...]  # (fictional enterprise, industry, its workers)
    workers: tuple[str, ...]
    topics: tuple[str, ...]
    nef: tuple[str, ...]  # new-employment-form groups met here
    weights: tuple[tuple[str, int], ...]  # problem categories and how often they come up
    policies: tuple[tuple[str, str], ...]  # (experience adopted, adopted by)
    remote: bool = False  # far-suburb county: travel and board are paid


THEMES: dict[str, SiteTheme] = {
    "正定县正定镇": SiteTheme(
        site="正定县正定镇",
        short="正定镇",
        host="正定县总工会",
        site_union="正定镇总工会",
        places=(
            "正定古城南城门景区",
            "隆兴寺景区周边",
            "荣国府景区周边",
            "燕赵南大街商业街",
            "常山路商贸区",
            "正定镇职工服务站",
            "古城东门里社区",
            "府前街美食街区",
        ),
        enterprises=(
            ("古城文旅发展有限公司", "文化旅游", "景区讲解员"),
            ("常山商贸城", "商贸零售", "商场营业员"),
            ("燕赵大街百货商场", "商贸零售", "商场营业员"),
            ("古韵酒店管理有限公司", "住宿餐饮", "酒店服务员"),
            ("恒通物业服务有限公司", "物业服务", "物业保洁员"),
            ("子龙广场餐饮管理有限公司", "住宿餐饮", "餐饮从业人员"),
            ("古城旅游客运有限公司", "交通运输", "旅游客运司机"),
            ("正定镇便民连锁超市", "商贸零售", "超市收银员"),
            ("古城文创产品有限公司", "文化旅游", "文创手工艺人员"),
        ),
        workers=("景区讲解员", "酒店服务员", "商场营业员", "餐饮从业人员", "旅游客运司机", "景区保洁员"),
        topics=(
            "古城文旅行业职工权益保障",
            "商贸服务业小微企业建会入会",
            "旅游旺季一线职工休息休假",
            "文旅从业人员技能提升",
            "新就业形态劳动者入会",
        ),
        nef=("ride_hailing", "delivery"),
        weights=(
            ("rest_leave", 3),
            ("union_building", 3),
            ("wages_insurance", 2),
            ("new_employment", 2),
            ("women", 2),
            ("safety_health", 1),
            ("hardship", 1),
            ("disputes_legal", 1),
            ("reemployment", 1),
        ),
        policies=(
            ("景区旺季职工轮休“错峰休假”做法被正定县总工会在全县文旅行业推广", "正定县总工会"),
            ("“古城讲解员技能等级认定”建议被市总工会纳入全市职工技能提升计划", "石家庄市总工会"),
        ),
        remote=True,
    ),
    "藁城区岗上镇": SiteTheme(
        site="藁城区岗上镇",
        short="岗上镇",
        host="藁城区总工会",
        site_union="岗上镇总工会",
        places=("岗上镇工业园区", "皮毛加工集聚区", "岗上镇政府", "岗上镇职工之家", "镇区主街沿线", "国道沿线物流点"),
        enterprises=(
            ("岗上裘皮制品有限公司", "皮毛加工", "缝制女工"),
            ("宏远皮毛加工厂", "皮毛加工", "皮毛加工工人"),
            ("鑫达皮革制品有限公司", "皮毛加工", "皮毛加工工人"),
            ("岗上镇金属制品厂", "机械制造", "机械操作工"),
            ("华兴机械配件有限公司", "机械制造", "机械操作工"),
            ("瑞丰面粉有限公司", "食品加工", "季节性用工人员"),
            ("岗上物流园", "物流运输", "货车司机"),
            ("恒昌包装制品有限公司", "包装制造", "一线操作工"),
        ),
        workers=("皮毛加工工人", "缝制女工", "机械操作工", "货车司机", "季节性用工人员"),
        topics=("皮毛加工企业劳动关系", "乡镇企业工会组建", "季节性用工人员社会保险", "职业病防护", "货车司机入会"),
        nef=("truck",),
        weights=(
            ("safety_health", 3),
            ("wages_insurance", 3),
            ("union_building", 3),
            ("reemployment", 2),
            ("hardship", 2),
            ("women", 1),
            ("disputes_legal", 1),
            ("rest_leave", 1),
            ("new_employment", 1),
        ),
        policies=(("皮毛加工企业“季节工社保分段缴纳”建议被藁城区总工会采纳", "藁城区总工会"),),
        remote=True,
    ),
    "长安区青园街道": SiteTheme(
        site="长安区青园街道",
        short="青园街道",
        host="长安区总工会",
        site_union="青园街道总工会",
        places=("中山东路商圈", "青园街道商务楼宇", "青园社区", "建设大街沿线商铺", "青园街道党群服务中心", "快递外卖站点集中区"),
        enterprises=(
            ("青园商务大厦物业有限公司", "物业服务", "物业保安保洁"),
            ("中山东路购物中心", "商贸零售", "商场营业员"),
            ("速达快递青园营业部", "快递物流", "快递员"),
            ("迅捷外卖配送青园站", "外卖配送", "外卖骑手"),
            ("青园数码城", "商贸零售", "商场营业员"),
            ("恒信家政服务有限公司", "家政服务", "家政服务员"),
            ("优选生鲜超市青园店", "商贸零售", "超市理货员"),
            ("青园写字楼联合体", "商务服务", "楼宇白领"),
        ),
        workers=("外卖骑手", "快递员", "楼宇白领", "商场营业员", "家政服务员"),
        topics=(
            "商圈楼宇职工入会",
            "快递外卖骑手权益保障",
            "户外劳动者服务站点建设",
            "楼宇小微企业集体协商",
            "新就业形态劳动者职业伤害保障",
        ),
        nef=("delivery", "courier"),
        weights=(
            ("new_employment", 4),
            ("union_building", 3),
            ("wages_insurance", 2),
            ("rest_leave", 2),
            ("disputes_legal", 2),
            ("women", 1),
            ("safety_health", 1),
            ("hardship", 1),
            ("reemployment", 1),
        ),
        policies=(("“骑手驿站+流动入会”做法被市总工会采纳，在全市商圈推广", "石家庄市总工会"),),
    ),
    "桥西区维明街道": SiteTheme(
        site="桥西区维明街道",
        short="维明街道",
        host="桥西区总工会",
        site_union="维明街道总工会",
        places=("维明南大街", "维明街道社区服务中心", "东里社区", "西里社区", "维明商业街", "农贸市场", "老旧小区"),
        enterprises=(
            ("维明购物广场", "商贸零售", "商场营业员"),
            ("惠民连锁超市维明店", "商贸零售", "超市收银员"),
            ("维明农贸市场管理有限公司", "商贸服务", "市场管理人员"),
            ("康馨养老服务中心", "养老服务", "养老护理员"),
            ("万家福超市", "商贸零售", "超市收银员"),
            ("维明物业服务中心", "物业服务", "物业保安保洁"),
            ("鑫源餐饮管理有限公司", "住宿餐饮", "餐饮从业人员"),
            ("便捷网约车服务站", "交通运输", "网约车司机"),
        ),
        workers=("超市收银员", "社区工作者", "养老护理员", "物业保安保洁", "网约车司机"),
        topics=("社区商超职工权益", "养老护理员队伍建设", "老城区小微企业建会", "女职工特殊权益保护", "困难职工帮扶"),
        nef=("ride_hailing", "delivery", "courier"),
        weights=(
            ("women", 3),
            ("hardship", 3),
            ("union_building", 2),
            ("wages_insurance", 2),
            ("new_employment", 2),
            ("rest_leave", 2),
            ("reemployment", 1),
            ("disputes_legal", 1),
            ("safety_health", 1),
        ),
        policies=(("社区“女职工关爱室”共建共享做法被桥西区总工会推广", "桥西区总工会"),),
    ),
    "行唐县开发区": SiteTheme(
        site="行唐县开发区",
        short="行唐县开发区",
        host="行唐县总工会",
        site_union="开发区工会联合会",
        places=("开发区管委会", "开发区食品产业园", "装备制造园区", "龙州大街沿线", "开发区职工之家", "企业员工宿舍区"),
        enterprises=(
            ("龙州食品有限公司", "食品加工", "食品加工工人"),
            ("红枣深加工有限公司", "食品加工", "食品加工工人"),
            ("宏达机械制造有限公司", "机械制造", "机械装配工"),
            ("恒泰农机装备有限公司", "机械制造", "机械装配工"),
            ("开发区物流中心", "物流运输", "货车司机"),
            ("旺达饮品有限公司", "食品加工", "一线操作工"),
            ("金穗面业有限公司", "食品加工", "一线操作工"),
            ("华诚铸造有限公司", "机械制造", "铸造工"),
        ),
        workers=("食品加工工人", "机械装配工", "一线操作工", "货车司机", "农民工"),
        topics=("开发区非公企业建会", "食品企业职工劳动保护", "产业工人技能提升", "企业民主管理", "职工通勤与食宿"),
        nef=("truck",),
        weights=(
            ("safety_health", 3),
            ("wages_insurance", 3),
            ("union_building", 3),
            ("rest_leave", 2),
            ("reemployment", 1),
            ("women", 1),
            ("hardship", 1),
            ("disputes_legal", 1),
            ("new_employment", 1),
        ),
        policies=(("开发区“企业工会+园区联合工会”双覆盖模式被行唐县总工会采纳", "行唐县总工会"),),
        remote=True,
    ),
    "机械建材工会下属行业工会": SiteTheme(
        site="机械建材工会下属行业工会",
        short="机械建材行业",
        host="市机械建材工会",
        site_union="行业工会",
        places=("装备制造企业集中区", "东方建材市场", "水泥制品厂区", "企业生产车间", "职工技能培训基地"),
        enterprises=(
            ("恒力装备制造有限公司", "装备制造", "车间一线工人"),
            ("冀中建材有限公司", "建材", "建材装卸工"),
            ("华北水泥制品厂", "建材", "车间一线工人"),
            ("新元玻璃深加工有限公司", "建材", "技术工人"),
            ("精工轴承有限公司", "装备制造", "技术工人"),
            ("鼎盛重型机械有限公司", "装备制造", "机械维修工"),
            ("东方建材市场管理有限公司", "商贸服务", "建材装卸工"),
            ("瑞丰陶瓷有限公司", "建材", "车间一线工人"),
        ),
        workers=("车间一线工人", "机械维修工", "叉车司机", "建材装卸工", "技术工人"),
        topics=("产业工人队伍建设改革", "职工技能竞赛与创新工作室", "转型升级企业职工转岗安置", "职业病防治", "企业集体协商"),
        nef=("truck",),
        weights=(
            ("safety_health", 3),
            ("reemployment", 3),
            ("wages_insurance", 2),
            ("union_building", 2),
            ("disputes_legal", 2),
            ("hardship", 1),
            ("women", 1),
            ("rest_leave", 1),
            ("new_employment", 1),
        ),
        policies=(("“职工创新工作室+师带徒”做法被市机械建材工会在全行业推广", "市机械建材工会"),),
    ),
    "建设工会下属行业工会": SiteTheme(
        site="建设工会下属行业工会",
        short="建设行业",
        host="市建设工会",
        site_union="行业工会",
        places=("地铁站点施工项目部", "城中村改造项目工地", "保障性住房项目工地", "农民工夜校", "项目部生活区"),
        enterprises=(
            ("冀城建工集团城南项目部", "房屋建筑", "建筑农民工"),
            ("华城建工第三项目部", "房屋建筑", "钢筋工"),
            ("宏基混凝土有限公司", "建材", "混凝土罐车司机"),
            ("正通路桥工程有限公司", "市政工程", "建筑农民工"),
            ("安居建设保障房项目部", "房屋建筑", "塔吊司机"),
            ("城投建设地铁站点项目部", "市政工程", "建筑农民工"),
            ("恒基劳务分包有限公司", "劳务分包", "劳务派遣人员"),
            ("鑫磊建筑劳务有限公司", "劳务分包", "建筑农民工"),
        ),
        workers=("建筑农民工", "塔吊司机", "钢筋工", "混凝土罐车司机", "劳务派遣人员"),
        topics=("建筑工地农民工入会", "农民工工资支付保障", "高温作业劳动保护", "项目部工会组建", "农民工法律援助"),
        nef=("truck", "other"),
        weights=(
            ("wages_insurance", 4),
            ("safety_health", 3),
            ("union_building", 3),
            ("disputes_legal", 3),
            ("rest_leave", 1),
            ("hardship", 1),
            ("new_employment", 1),
            ("reemployment", 1),
            ("women", 1),
        ),
        policies=(("项目部“农民工工资支付月报”机制被市建设工会采纳，纳入行业工会工作要点", "市建设工会"),),
    ),
}

# problem category -> (title, detail, resolution) templates
PROBLEM_TEMPLATES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "hardship": (
        (
            "{ent}一名职工因病致困，家庭生活困难",
            "职工本人患重病住院，医疗费用自付部分较高，配偶无固定收入，子女正在上学。",
            "协调{host}将其纳入困难职工帮扶范围，发放救助金，并协助办理职工医疗互助报销。",
        ),
        (
            "{ent}一名单亲女职工抚养子女困难",
            "该职工月收入较低，独自抚养两名子女，住房条件较差。",
            "建立帮扶台账，发放慰问金，协调企业为其调整至收入较稳定的岗位。",
        ),
        (
            "{ent}职工子女考上大学，学费有困难",
            "职工家庭收入低，子女被本科院校录取，学费和生活费缺口较大。",
            "纳入金秋助学范围，协助准备申报材料，发放助学金。",
        ),
        (
            "{short}部分困难职工未建档立卡",
            "走访发现{n}户困难职工未纳入帮扶台账，帮扶政策知晓率不高。",
            "会同{site_union}逐户核实情况，补录困难职工档案，落实常态化帮扶。",
        ),
    ),
    "reemployment": (
        (
            "{ent}减产后部分{workers}面临转岗",
            "受订单下降影响，企业拟压减一条生产线，涉及职工{n}人。",
            "协调企业优先内部转岗，联系人社部门开展转岗培训，未能转岗的推荐到周边企业就业。",
        ),
        (
            "{workers}希望参加技能培训提高就业能力",
            "职工反映缺少系统的技能培训，希望取得职业技能等级证书。",
            "联系职业培训学校开设培训班，组织{n}名职工参加并取得证书。",
        ),
        (
            "{ent}季节性停工期间职工收入无保障",
            "生产淡季企业停工约两个月，职工基本生活受影响。",
            "推动企业按规定发放停工期间生活费，并组织职工参加就业援助月招聘活动。",
        ),
    ),
    "wages_insurance": (
        (
            "{ent}未为部分{workers}缴纳社会保险",
            "企业以试用期、临时工等理由未为{n}名职工缴纳社会保险。",
            "向企业宣讲法律规定，推动企业为全部在岗职工补缴社会保险。",
        ),
        (
            "{ent}拖欠{workers}加班工资",
            "职工反映旺季加班较多，加班工资未按规定足额发放。",
            "会同{host}与企业沟通，企业核算并补发了加班工资。",
        ),
        ("{ent}工资支付周期不固定", "企业工资发放时间不固定，有时延迟半个月以上。", "推动企业明确每月固定发薪日，并在职代会上公开承诺。"),
        (
            "{workers}反映工资增长机制不健全",
            "近三年工资基本未调整，职工对收入增长预期不高。",
            "指导企业工会开展工资集体协商，签订年度工资专项集体合同。",
        ),
    ),
    "rest_leave": (
        ("{ent}{workers}旺季连续工作无休", "旺季期间部分职工连续工作超过两周未安排休息。", "推动企业实行轮班轮休，明确每周至少休息一天。"),
        (
            "{ent}带薪年休假落实不到位",
            "职工反映带薪年休假难以休上，也未按规定支付未休年假工资报酬。",
            "指导企业制定年休假计划，对确因工作需要未休的按规定支付工资报酬。",
        ),
        ("{workers}法定节假日加班未安排补休", "节假日期间加班较多，既未安排补休也未支付加班费。", "与企业协商，按规定支付节假日加班工资。"),
    ),
    "safety_health": (
        (
            "{ent}车间防暑降温措施不足",
            "车间温度较高，降温设备不足，职工反映中暑风险大。",
            "推动企业增设降温设备、调整高温时段作业时间，并发放防暑降温费。",
        ),
        (
            "{ent}粉尘岗位职工未按规定进行职业健康检查",
            "接触粉尘岗位的职工近两年未进行职业健康检查。",
            "协调企业与定点医院签约，组织{n}名职工完成职业健康检查。",
        ),
        (
            "{workers}劳动防护用品配发不足",
            "职工反映口罩、手套、防护眼镜等劳动防护用品发放不及时。",
            "督促企业按标准配发劳动防护用品，企业工会建立发放台账。",
        ),
        (
            "{place}户外作业人员缺少休息场所",
            "户外作业人员高温天气缺少饮水、休息的地方。",
            "协调就近单位开放休息场所，挂牌设立户外劳动者服务站点。",
        ),
    ),
    "women": (
        ("{ent}缺少哺乳期女职工休息场所", "企业女职工较多，没有专门的哺乳室。", "指导企业腾出专门房间，建成“爱心妈咪小屋”。"),
        (
            "{ent}女职工孕期岗位调整不到位",
            "部分孕期女职工仍在站立时间长的岗位工作。",
            "推动企业签订女职工权益保护专项集体合同，明确孕期岗位调整办法。",
        ),
        (
            "{ent}未开展女职工专项体检",
            "女职工反映企业多年未组织妇科病、乳腺病筛查。",
            "协调{host}女职工委员会开展“两癌”免费筛查，{n}名女职工参加。",
        ),
    ),
    "new_employment": (
        (
            "{place}{nef_workers}缺少歇脚、充电场所",
            "{nef_workers}反映高温天气工作间隙没有歇脚、饮水和充电的地方。",
            "协调沿街商户和社区开放爱心驿站，配备饮水、充电设施。",
        ),
        (
            "{nef_workers}反映考核罚款规定不合理",
            "{nef_workers}反映投诉罚款标准过高、申诉渠道不畅。",
            "会同{host}与平台企业和用工单位沟通，调整了考核办法，建立申诉复核机制。",
        ),
        (
            "{short}{nef_workers}入会渠道不畅",
            "部分{nef_workers}不知道如何加入工会，也不了解会员权益。",
            "开展集中入会活动，推行线上扫码入会，现场办理会员服务卡。",
        ),
        (
            "{nef_workers}反映工作间隙休息、就餐难",
            "{nef_workers}流动性强，工作间隙缺少安全休息和就餐的地方。",
            "协调就近单位设立“司机之家”“骑手驿站”，提供休息、就餐、淋浴等服务。",
        ),
        (
            "{nef_workers}职业伤害保障不足",
            "{nef_workers}多未参加工伤保险，发生事故后保障不足。",
            "推动站点为其购买意外伤害保险，并纳入工会职工互助保障。",
        ),
    ),
    "disputes_legal": (
        (
            "{ent}与离职职工就经济补偿发生争议",
            "企业与{n}名离职职工在经济补偿金计算上存在分歧。",
            "联系市总工会法律援助律师参与调解，双方达成调解协议。",
        ),
        ("{workers}劳动合同签订率低", "抽查发现部分职工未签订书面劳动合同。", "开展劳动合同签订专项指导，推动企业补签劳动合同。"),
        (
            "{ent}职工工伤认定遇到困难",
            "职工在工作中受伤，企业对工伤认定不配合，职工需要法律援助。",
            "为职工提供法律援助，协助提交工伤认定申请并获受理。",
        ),
    ),
    "union_building": (
        (
            "{ent}尚未建立工会组织",
            "企业有职工{n}人，一直未建立工会，职工维权缺少依托。",
            "向企业负责人宣讲《工会法》，指导召开会员大会，依法建立工会。",
        ),
        ("{ent}工会长期未换届", "企业工会届满两年多未换届，工会工作基本停滞。", "指导企业工会按程序完成换届选举，健全工会委员会。"),
        (
            "{ent}工会经费使用不规范",
            "企业工会经费收支账目不清，职工之家设施陈旧。",
            "会同经审部门指导建立经费管理制度，申请职工之家建设补助。",
        ),
        (
            "{short}小微企业职工入会意愿不强",
            "小微企业职工对工会了解少，认为入会没有实际好处。",
            "开展“入会有什么好处”宣讲，推出会员普惠服务，吸引职工入会。",
        ),
    ),
}

ESCALATE_TO = {
    "hardship": "市总工会权益保障部",
    "reemployment": "市总工会权益保障部",
    "wages_insurance": "市总工会法律工作部",
    "rest_leave": "市总工会权益保障部",
    "safety_health": "市总工会权益保障部",
    "women": "市总工会女职工部",
    "new_employment": "市总工会组织部",
    "disputes_legal": "市总工会法律工作部",
    "union_building": "市总工会组织部",
}
COMMON_PRONE = ("wages_insurance", "new_employment", "safety_health", "union_building")

DAILY_TEMPLATES: tuple[tuple[str, tuple[int, int], tuple[int, int]], ...] = (
    # (content, enterprises visited, workers reached); {e} and {w} are those counts
    ("走访{ent}，与企业负责人和{w}名职工代表座谈，了解企业生产经营、职工收入和工会组织建设情况。", (1, 1), (6, 20)),
    ("深入{ent}和{ent2}生产经营一线，与{workers}面对面交流，收集意见建议{k}条。", (2, 2), (15, 40)),
    ("在{place}设立“职工服务点”，宣传《工会法》和劳动法律法规，发放宣传资料{k2}份，解答职工咨询{w}人次。", (0, 0), (25, 80)),
    ("参加{host}工作例会，汇报近期蹲点工作进展，共同研究{topic}工作。", (0, 0), (0, 0)),
    ("协助{ent}筹建工会，向职工宣讲入会好处，指导填写会员登记表。", (1, 1), (10, 30)),
    ("跟踪前期收集问题的办理情况，与{ent}负责人沟通整改措施和时限。", (1, 1), (2, 8)),
    ("围绕“{topic}”专题，查阅{short}有关统计资料，完善调研提纲和问卷。", (0, 0), (0, 0)),
    ("召开{workers}座谈会，{w}名职工参加，重点听取工资待遇、劳动保护、休息休假等方面的诉求。", (0, 1), (8, 20)),
    ("走访{place}周边小微企业{e}家，摸排未建会企业和职工人数，更新建会入会台账。", (3, 6), (10, 35)),
    ("面向{workers}开展问卷调查，回收有效问卷{w}份，初步分析职工主要诉求。", (0, 2), (20, 60)),
    ("蹲点组内部交流前期走访情况，梳理问题清单，完善工作台账。", (0, 0), (0, 0)),
    ("陪同{ent}工会开展职工之家建设自查，提出规范化建设建议。", (1, 1), (5, 15)),
    ("为{workers}开展劳动法律知识讲座，讲解劳动合同、工伤认定等知识，{w}名职工参加。", (0, 1), (20, 60)),
    ("走访{ent}困难职工家庭，了解家庭生活状况，建立帮扶台账。", (0, 1), (2, 6)),
    ("到{ent}了解产业工人技能培训和劳动竞赛开展情况，与{w}名技术骨干座谈。", (1, 1), (6, 18)),
)
DAILY_SUMMER = ("在{place}开展“高温送清凉”活动，为{workers}送去绿豆、茶叶、藿香正气水等防暑降温物品。", (1, 3), (40, 150))

THING_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("在{place}建设户外劳动者服务站点", "协调场地，配置饮水机、微波炉、充电设施和急救药箱，挂牌向户外劳动者开放。"),
    ("为{workers}开展免费健康体检", "联系定点医院，分批组织体检并建立职工健康档案。"),
    ("为{ent}建设“职工书屋”", "协调市总工会配送图书1000余册，指导企业工会制定借阅管理制度。"),
    ("为{workers}集中办理工会会员服务卡", "集中组织入会登记，现场办理会员服务卡，宣传会员普惠服务项目。"),
    ("为困难职工子女申请金秋助学", "摸排符合条件的困难职工家庭，协助准备材料，向{host}申报。"),
    ("在{ent}设立“爱心妈咪小屋”", "指导企业腾出专门房间，配备冰箱、沙发、消毒柜等设施。"),
    ("举办劳动法律知识专题讲座", "邀请市总工会法律工作部律师授课，现场解答职工法律咨询。"),
    ("为{workers}开展技能提升培训", "联合职业培训学校开设培训班，考核合格的颁发职业技能等级证书。"),
    ("推动{ent}签订工资专项集体合同", "指导企业工会开展工资集体协商，形成合同文本并提交职代会审议。"),
    ("组织一线{workers}参加职工疗休养", "协调市总工会疗休养名额，安排一线职工分批参加。"),
    ("为{short}职工开通法律援助绿色通道", "公布法律援助联系电话，明确专人对接，职工求助当日响应。"),
    ("为{ent}职工之家更新文体设施", "申请职工之家建设补助，购置健身器材和图书。"),
)

NEF_UNION = {
    # group -> (organisation, industry)
    "courier": ("{short}快递行业联合工会", "快递物流"),
    "delivery": ("{short}外卖配送站点工会联合会", "外卖配送"),
    "truck": ("{short}货车司机工会小组", "道路货运"),
    "ride_hailing": ("{short}网约车司机联合工会", "网约车"),
    "other": ("{short}建筑农民工工会小组", "灵活就业"),
}
NEF_LABEL = {"courier": "快递员", "delivery": "外卖骑手", "truck": "货车司机", "ride_hailing": "网约车司机", "other": "灵活就业人员"}

RISK_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    # (risk type, description, measures)
    (
        "stability",
        "{ent}因资金链紧张拖欠{workers}工资约{amt}万元，涉及{n}人，部分职工酝酿集体讨薪。",
        "第一时间报告联络指导办公室和{host}；会同人社、住建部门约谈企业负责人，督促制定清欠计划；安排专人做好职工情绪疏导，引导依法理性维权。",
    ),
    (
        "stability",
        "{ent}拟整体搬迁，{n}名职工对安置补偿方案不满，出现聚集苗头。",
        "报告{host}，推动企业召开职代会审议安置方案，组织法律援助律师现场解答，稳定职工情绪。",
    ),
    (
        "political_security",
        "发现有人在{workers}微信群中散布不实信息，煽动集体停工。",
        "报告联络指导办公室并会同{host}及属地有关部门核实情况；开展政策解读，引导职工依法表达诉求，不信谣不传谣。",
    ),
)

LEAVE_REASONS = ("家中老人住院陪护", "子女开学报到", "本人身体不适就医", "处理家中急事", "参加单位年度体检")

PUBLICITY_TITLES = (
    "【蹲点进行时】市总工会蹲点组走进{place}开展“高温送清凉”活动",
    "蹲点组助力{ent}成立工会，{w}名职工加入工会大家庭",
    "把服务送到{workers}身边——市总工会机关干部赴{short}蹲点侧记",
    "市总工会蹲点组在{short}开展劳动法律宣传进企业活动",
    "“我为群众办实事”：蹲点组为{workers}解决急难愁盼问题",
    "俯下身子听诉求——记市总工会驻{short}蹲点工作组",
)
CHANNEL_NAME = {"press": "河北工人报", "website": "市总工会网站", "wechat": "冀工之家公众号", "internal": "内部简报"}


# ---------------------------------------------------------------- profiles


@dataclass(frozen=True)
class Profile:
    """How well a team keeps its ledgers and gets things done."""

    daily_rate: float  # share of working days with a daily record (outside gaps)
    gaps: int  # stretches of 5–9 consecutive working days without a record
    weekly_on_time: float
    weekly_missing: int
    monthly_missed: int
    minutes_delay: tuple[int, int]  # working days from meeting to minutes
    resolve_rate: float
    response_days: tuple[int, int]  # working days from raised to first action
    on_time: float  # share of resolved problems resolved by the deadline
    satisfied: tuple[float, float, float]  # weights of satisfied / basic / unsatisfied
    achievement: tuple[float, float]  # share of the six-一批 targets reached
    things_extra: tuple[int, int]  # practical things beyond the target
    things_overdue: int
    publicity: tuple[int, int]
    visits: tuple[int, int]
    leader_visits: tuple[int, int]
    leaves: tuple[int, int]
    stage_late: bool
    report: str  # on_time | late | missing | late_or_missing
    policy_chance: float
    closed_risk_chance: float
    open_risk: bool


PROFILES: dict[str, Profile] = {
    "excellent": Profile(
        1.0,
        0,
        1.0,
        0,
        0,
        (1, 2),
        0.92,
        (0, 1),
        0.95,
        (0.8, 0.18, 0.02),
        (1.15, 1.3),
        (1, 2),
        0,
        (4, 5),
        (6, 8),
        (3, 3),
        (0, 1),
        False,
        "on_time",
        1.0,
        0.0,
        False,
    ),
    "normal": Profile(
        0.95,
        0,
        0.85,
        0,
        0,
        (2, 5),
        0.76,
        (0, 3),
        0.8,
        (0.65, 0.3, 0.05),
        (0.9, 1.05),
        (0, 1),
        0,
        (2, 4),
        (4, 6),
        (2, 3),
        (1, 2),
        False,
        "on_time",
        0.15,
        0.3,
        False,
    ),
    "lagging": Profile(
        0.8,
        2,
        0.4,
        3,
        1,
        (7, 15),
        0.42,
        (2, 8),
        0.45,
        (0.45, 0.4, 0.15),
        (0.45, 0.6),
        (0, 0),
        3,
        (1, 1),
        (2, 3),
        (2, 2),
        (2, 3),
        True,
        "late_or_missing",
        0.0,
        0.0,
        False,
    ),
    "risk": Profile(
        0.93,
        0,
        0.8,
        0,
        0,
        (2, 6),
        0.7,
        (0, 3),
        0.75,
        (0.6, 0.32, 0.08),
        (0.8, 0.95),
        (0, 1),
        1,
        (2, 3),
        (4, 6),
        (3, 3),
        (1, 2),
        False,
        "on_time",
        0.0,
        1.0,
        True,
    ),
}
DEFAULT_TEAM_TARGETS = {"new_unions": 3, "new_members": 200, "problems_solved": 14, "practical_things": 6, "outcomes": 4}


# ---------------------------------------------------------------- ledgers of one team


def team_ledger_rows(
    rng: random.Random,
    team_id: int,
    author_ids: Sequence[int],
    stationing_start: date,
    stationing_end: date,
    profile: str,
    *,
    theme: SiteTheme | None = None,
    site_name: str | None = None,
    team_leader_name: str = "",
    liaison_name: str = "",
    memberships: Mapping[int, tuple[date, date | None]] | None = None,
    targets: Mapping[str, int] | None = None,
    intensity: float = 1.0,
    stage_due: date | None = None,
    report_due: date | None = None,
    daily_per_member: bool = False,
) -> dict[type[LedgerBase], list[dict[str, Any]]]:
    """All ledger rows of one team for one stationing, as plain dicts per model.

    Pure: no database, no wall clock; the same ``rng`` state gives the same rows.
    ``author_ids`` are the team's people, the team leader first; ``memberships``
    (person id -> joined, left) limits a rotating member to their own days.
    ``intensity`` below 1 gives lighter ledgers (fewer records, fewer pieces).
    ``daily_per_member``: every member on the team that day keeps their own daily record.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile}")
    if not author_ids:
        raise ValueError("a team needs at least one author")
    gen = _TeamLedger(
        rng=rng,
        team_id=team_id,
        authors=list(author_ids),
        start=stationing_start,
        end=stationing_end,
        kind=profile,
        p=PROFILES[profile],
        theme=theme or rng.choice([THEMES[key] for key in THEMES]),
        site=site_name,
        team_leader_name=team_leader_name,
        liaison_name=liaison_name,
        memberships=dict(memberships or {}),
        targets={**DEFAULT_TEAM_TARGETS, **(targets or {})},
        intensity=intensity,
        stage_due=stage_due or stationing_end - timedelta(days=11),
        report_due=report_due or stationing_end + timedelta(days=9),
        daily_per_member=daily_per_member,
    )
    return gen.build()


class _TeamLedger:
    def __init__(self, **kw: Any) -> None:
        self.__dict__.update(kw)
        self.site = self.site or self.theme.site
        # How report titles name the site: "正定县正定镇", but "建设行业" rather than "建设工会下属行业工会".
        self.label = self.theme.short if self.site.endswith("工会") else self.site
        self.days = working_days(self.start, self.end)
        if len(self.days) < 10:
            raise ValueError("a stationing needs at least 10 working days")
        self.factor = self.rng.uniform(*self.p.achievement)
        self.rows: dict[type[LedgerBase], list[dict[str, Any]]] = {model: [] for model in LEDGER_MODELS.values()}

    # ------------------------------------------------------------ helpers

    def _active(self, day: date) -> list[int]:
        if not self.memberships:
            return self.authors
        active = []
        for person in self.authors:
            joined, left = self.memberships.get(person, (None, None))
            if (joined is None or joined <= day) and (left is None or day <= left):
                active.append(person)
        return active or self.authors[:1]

    def _row(self, model: type[LedgerBase], day: date, author: int | None = None, **values: Any) -> dict[str, Any]:
        moment = _stamp(self.rng, day)
        row = {
            "team_id": self.team_id,
            "author_id": author if author is not None else self.rng.choice(self._active(day)),
            "created_at": moment,
            "updated_at": moment,
            "version": 1,
            "deleted_at": None,
            **values,
        }
        self.rows[model].append(row)
        return row

    def _ctx(self, **extra: Any) -> dict[str, Any]:
        rng, theme = self.rng, self.theme
        ent, ent2 = rng.sample(theme.enterprises, 2)
        return {
            "ent": ent[0],
            "ent2": ent2[0],
            "industry": ent[1],
            "place": rng.choice(theme.places),
            "workers": ent[2],
            "nef_workers": NEF_LABEL[rng.choice(theme.nef)] if theme.nef else "新就业形态劳动者",
            "topic": rng.choice(theme.topics),
            "host": theme.host,
            "site_union": theme.site_union,
            "short": theme.short,
            "site": self.site,
            "n": rng.randint(3, 60),
            "k": rng.randint(3, 12),
            "k2": rng.randint(50, 300),
            **extra,
        }

    def _day_between(self, lo: float, hi: float) -> date:
        """A working day between the fractions ``lo`` and ``hi`` of the stationing."""
        n = len(self.days)
        first = min(n - 1, int(n * lo))
        last = max(first, min(n - 1, int(n * hi)))
        return self.days[self.rng.randint(first, last)]

    def _scaled(self, bounds: tuple[int, int]) -> int:
        value = self.rng.randint(*bounds)
        return max(1 if bounds[1] else 0, round(value * self.intensity)) if value else 0

    # ------------------------------------------------------------ build

    def build(self) -> dict[type[LedgerBase], list[dict[str, Any]]]:
        self._daily()
        self._problems()
        self._things()
        self._union()
        self._risks()
        self._visits()
        self._leaves()
        self._weekly()
        self._monthly()
        self._outcomes()
        self._funds()
        self._leader_visits()
        return self.rows

    def _daily(self) -> None:
        rng, p, days = self.rng, self.p, self.days
        skip: set[int] = set()
        for _ in range(p.gaps):
            length = rng.randint(6, 9)
            first = rng.randint(8, max(8, len(days) - length - 8))
            skip.update(range(first, first + length))
        rate = p.daily_rate * min(1.0, 0.5 + 0.5 * self.intensity)
        last = len(days) - 1
        for i, day in enumerate(days):
            if i not in (0, last) and (i in skip or rng.random() > rate):
                continue
            # One record a day by any member, or (daily_per_member) one by every member on the team that day.
            for author in self._active(day) if self.daily_per_member else (None,):
                self._daily_row(day, i == 0, i == last, author)

    def _daily_row(self, day: date, first: bool, last: bool, author: int | None) -> None:
        rng = self.rng
        if first:
            content = (
                f"蹲点组进驻{self.theme.short}，与{self.theme.host}、{self.theme.site_union}负责同志对接，了解基本情况，明确蹲点工作安排。"
            )
            e, w, place = 0, rng.randint(3, 8), self.theme.short
        elif last:
            content = f"蹲点工作收尾，与{self.theme.host}交接工作台账和问题清单，召开蹲点工作总结座谈会。"
            e, w, place = 0, rng.randint(5, 15), self.theme.short
        else:
            summer = day.month in (7, 8) and rng.random() < 0.08
            template, e_range, w_range = DAILY_SUMMER if summer else rng.choice(DAILY_TEMPLATES)
            e, w = rng.randint(*e_range), rng.randint(*w_range)
            ctx = self._ctx(e=e, w=w)
            content = template.format(**ctx)
            place = ctx["place"] if "{place}" in template else (ctx["ent"] if "{ent}" in template else self.theme.short)
        self._row(DailyRecord, day, author=author, work_date=day, place=place, content=content, enterprises_visited=e, workers_reached=w)

    def _problems(self) -> None:
        rng, p, theme = self.rng, self.p, self.theme
        goal = self.targets["problems_solved"] * self.factor
        count = math.ceil(goal / max(p.resolve_rate, 0.6))  # a lagging team also records fewer
        count = max(6 if self.intensity < 1 else 10, min(25, count))
        categories = [c for c, _ in theme.weights]
        weights = [w for _, w in theme.weights]
        chosen = categories[:3] + rng.choices(categories, weights, k=max(0, count - 3))
        seen_titles: set[str] = set()
        drafts = []
        for category in chosen:
            for _attempt in range(12):
                title, detail, resolution = rng.choice(PROBLEM_TEMPLATES[category])
                ctx = self._ctx()
                title = title.format(**ctx)
                if title not in seen_titles:
                    break
            else:
                title = f"{title}（{ctx['place']}）"
            seen_titles.add(title)
            raised = self._day_between(0.04, 0.85)
            drafts.append((raised, category, title, detail.format(**ctx), resolution.format(**ctx), ctx))
        drafts.sort(key=lambda d: (d[0], d[2]))
        resolved_count = min(len(drafts), round(len(drafts) * p.resolve_rate))
        if self.kind == "lagging":
            unresolved = set(rng.sample(range(len(drafts)), len(drafts) - resolved_count))
        else:  # the latest ones are still being worked on
            unresolved = set(range(resolved_count, len(drafts)))
        instructed = False
        for i, (raised, category, title, detail, resolution, ctx) in enumerate(drafts):
            common = rng.random() < (0.45 if category in COMMON_PRONE else 0.18)
            horizon = rng.randint(20, 45) if common else rng.randint(7, 25)
            deadline = raised + timedelta(days=horizon)
            if not common:
                deadline = min(deadline, self.end)
            first_action = add_workdays(raised, rng.randint(*p.response_days))
            if first_action > self.end:
                first_action = self.end
            status, resolved_on, feedback, text = "resolved", None, "", resolution
            if i in unresolved:
                status = "open" if rng.random() < 0.35 else "in_progress"
                text = ""
                if self.kind == "lagging":
                    if status == "open":
                        first_action = None
                elif self.kind == "excellent" or rng.random() < 0.7:
                    # Still being worked on at the end: handed over with a deadline after the stationing.
                    deadline = max(deadline, self.end + timedelta(days=rng.randint(5, 30)))
            else:
                if rng.random() < p.on_time and first_action <= deadline:
                    span = (min(deadline, self.end) - first_action).days
                    resolved_on = first_action + timedelta(days=rng.randint(0, max(0, min(span, 20))))
                else:
                    resolved_on = deadline + timedelta(days=rng.randint(2, 15))
                resolved_on = min(max(resolved_on, first_action), self.end)
                if rng.random() < 0.85:
                    feedback = rng.choices(("satisfied", "basic", "unsatisfied"), p.satisfied)[0]
            escalated_to, escalated_on = "", None
            if common:
                escalated_to = ESCALATE_TO[category]
                escalated_on = min(add_workdays(raised, rng.randint(1, 5)), self.end)
            handler = (
                escalated_to if common else rng.choice((f"蹲点组、{ctx['ent']}工会", self.theme.host, f"蹲点组、{self.theme.site_union}"))
            )
            instruction = ""
            if common and not instructed and self.kind in ("excellent", "risk") and rng.random() < 0.5:
                instruction = f"请{escalated_to}牵头研究，提出面上解决意见。（领导小组）"
                instructed = True
            raised_by = rng.choice(
                (
                    f"{ctx['ent']}职工",
                    f"{ctx['ent']}工会",
                    f"{ctx['workers']}代表",
                    "职工来电反映",
                    f"{self.theme.host}转办",
                    "蹲点组走访发现",
                )
            )
            self._row(
                Problem,
                raised,
                raised_on=raised,
                title=title,
                detail=detail,
                category=category,
                scope="common" if common else "individual",
                raised_by=raised_by,
                handler=handler,
                deadline=deadline,
                status=status,
                first_action_on=first_action,
                resolved_on=resolved_on,
                resolution=text,
                escalated_to=escalated_to,
                escalated_on=escalated_on,
                feedback=feedback,
                instruction=instruction,
            )

    def _things(self) -> None:
        rng, p = self.rng, self.p
        target = self.targets["practical_things"]
        count = target + rng.randint(*p.things_extra)
        if self.intensity < 1:
            count = max(3, round(count * (0.5 + 0.5 * self.intensity)))
        count = max(3 if self.intensity < 1 else 5, min(8, count))
        templates = rng.sample(THING_TEMPLATES, count)
        promised = sorted(self._day_between(0.05, 0.6) for _ in range(count))
        overdue = set(rng.sample(range(count), min(p.things_overdue, count)))
        for i, ((content, measures), day) in enumerate(zip(templates, promised)):
            ctx = self._ctx()
            deadline = min(day + timedelta(days=rng.randint(14, 45)), self.end - timedelta(days=3))
            deadline = max(deadline, day + timedelta(days=7))
            if i in overdue:
                status, done_on = rng.choice(("planned", "in_progress", "in_progress")), None
            else:
                status = "done"
                done_on = min(day + timedelta(days=rng.randint(5, max(5, (deadline - day).days))), self.end)
            self._row(
                PracticalThing,
                day,
                promised_on=day,
                content=content.format(**ctx),
                measures=measures.format(**ctx),
                deadline=deadline,
                status=status,
                done_on=done_on,
                beneficiaries=rng.randint(20, 300),
            )

    def _union(self) -> None:
        rng, theme = self.rng, self.theme
        unions = max(1, round(self.targets["new_unions"] * self.factor))
        members = max(30, round(self.targets["new_members"] * self.factor))
        recruits = rng.randint(1, 3)
        events: list[dict[str, Any]] = []
        used: set[str] = set()
        enterprises = list(theme.enterprises)
        rng.shuffle(enterprises)
        nef_group = rng.choice(theme.nef)
        for j in range(unions + recruits):
            new_union = j < unions
            if j == 0 and nef_group:  # every team reaches at least one new-employment-form group
                organisation, industry = NEF_UNION[nef_group]
                organisation = organisation.format(short=theme.short)
                events.append(
                    {
                        "organisation": organisation,
                        "industry": industry,
                        "new_unions": 1 if new_union else 0,
                        "nef_group": nef_group,
                        "notes": f"集中开展{NEF_LABEL[nef_group]}入会活动，推行扫码入会，现场办理会员服务卡。",
                    }
                )
                used.add(organisation)
                continue
            name, industry, _workers = enterprises[j % len(enterprises)]
            organisation = f"{name}工会"
            if new_union and organisation in used:
                organisation = f"{theme.short}{industry}行业联合工会"
            used.add(organisation)
            notes = "指导企业召开会员大会，选举产生工会委员会和经费审查委员会。" if new_union else "开展集中入会宣传，吸收新会员。"
            events.append(
                {"organisation": organisation, "industry": industry, "new_unions": 1 if new_union else 0, "nef_group": "", "notes": notes}
            )
        weights = [rng.uniform(0.6, 1.4) for _ in events]
        total = sum(weights)
        dates = sorted(self._day_between(0.1, 0.95) for _ in events)
        for event, weight, day in zip(events, weights, dates):
            count = max(8, round(members * weight / total))
            self._row(
                UnionBuilding,
                day,
                event_date=day,
                organisation=event["organisation"],
                industry=event["industry"],
                new_unions=event["new_unions"],
                new_members=count,
                nef_group=event["nef_group"],
                nef_members=count if event["nef_group"] else 0,
                notes=event["notes"],
            )

    def _risks(self) -> None:
        rng, p = self.rng, self.p
        if p.open_risk:
            found = self._day_between(0.85, 0.97)
            kind, description, measures = RISK_TEMPLATES[0]
            ctx = self._ctx(amt=rng.randint(40, 120), n=rng.randint(25, 60))
            reported = add_workdays(found, rng.randint(0, 1))
            self._row(
                MajorRisk,
                found,
                found_on=found,
                description=description.format(**ctx),
                risk_type=kind,
                reported_on=min(reported, self.end),
                reported_to=f"市总蹲点活动联络指导办公室、{self.theme.host}",
                measures=measures.format(**ctx),
                status="open",
                closed_on=None,
                acknowledged_by="",
            )
        if rng.random() < p.closed_risk_chance:
            found = self._day_between(0.2, 0.6)
            kind, description, measures = rng.choice(RISK_TEMPLATES)
            ctx = self._ctx(amt=rng.randint(10, 60), n=rng.randint(10, 40))
            reported = add_workdays(found, rng.randint(0, 1))
            status = rng.choice(("closed", "closed", "controlled"))
            closed = add_workdays(found, rng.randint(8, 20)) if status == "closed" else None
            self._row(
                MajorRisk,
                found,
                found_on=found,
                description=description.format(**ctx),
                risk_type=kind,
                reported_on=reported,
                reported_to=f"市总蹲点活动联络指导办公室、{self.theme.host}",
                measures=measures.format(**ctx),
                status=status,
                closed_on=closed,
                acknowledged_by="联络指导办公室",
            )

    def _visits(self) -> None:
        rng = self.rng
        count = self._scaled(self.p.visits)
        summer = [d for d in self.days if d.month in (7, 8)]
        kinds = (["cooling"] * min(2, count // 2) if summer else []) + ["needy"]
        kinds += rng.choices(("needy", "model_worker", "craftsman"), (3, 2, 1), k=max(0, count - len(kinds)))
        for kind in kinds[: max(1, count)]:
            ctx = self._ctx()
            if kind == "cooling":
                day = rng.choice(summer)
                persons = rng.randint(40, 150)
                amount = persons * rng.choice((30, 40, 50))
                notes = f"到{ctx['place']}开展“高温送清凉”活动，为{ctx['workers']}送去绿豆、茶叶、藿香正气水等防暑降温物品。"
            elif kind == "needy":
                day = self._day_between(0.1, 0.95)
                persons = rng.randint(2, 5)
                amount = persons * rng.choice((500, 800, 1000))
                notes = f"会同{self.theme.host}走访慰问{ctx['ent']}等单位困难职工{persons}户，送去慰问金，了解家庭实际困难。"
            elif kind == "model_worker":
                day = self._day_between(0.1, 0.95)
                persons = rng.randint(1, 3)
                amount = persons * 500
                notes = f"看望慰问{ctx['ent']}劳动模范{persons}名，听取对{ctx['topic']}工作的意见建议。"
            else:
                day = self._day_between(0.1, 0.95)
                persons = rng.randint(1, 2)
                amount = persons * 500
                notes = f"走访{ctx['ent']}技术能手、工匠{persons}名，了解职工创新工作室建设情况。"
            self._row(Visit, day, visit_date=day, kind=kind, persons=persons, amount=float(amount), notes=notes)

    def _leaves(self) -> None:
        rng = self.rng
        for _ in range(rng.randint(*self.p.leaves)):
            start = self._day_between(0.1, 0.9)
            person = rng.choice(self._active(start))
            end = add_workdays(start, rng.randint(0, 1))
            end = min(end, self.end)
            leader = self.authors[0]
            approved = (self.liaison_name or "联系领导") if person == leader else (self.team_leader_name or "带队组长")
            self._row(
                Leave,
                start,
                author=person,
                person_id=person,
                start_date=start,
                end_date=end,
                reason=rng.choice(LEAVE_REASONS),
                approved_by=approved,
            )

    def _weekly(self) -> None:
        rng, p = self.rng, self.p
        monday = self.start - timedelta(days=self.start.weekday())
        weeks = []
        while monday + timedelta(days=4) <= self.end:
            weeks.append(monday)
            monday += timedelta(days=7)
        missing = set(rng.sample(range(1, len(weeks)), min(p.weekly_missing, max(0, len(weeks) - 1))))
        topics = list(self.theme.topics)
        rng.shuffle(topics)
        dailies = self.rows[DailyRecord]
        problems = self.rows[Problem]
        for i, week in enumerate(weeks):
            if i in missing:
                continue
            week_end = week + timedelta(days=6)
            own = [r for r in dailies if week <= r["work_date"] <= week_end]
            workdays = [d for d in working_days(week, week_end)]
            on_time = rng.random() < p.weekly_on_time
            if on_time:
                candidates = [d for d in workdays[-1:]] + [add_workdays(week_end, 1)]
                submitted = rng.choice([d for d in candidates if d <= week + timedelta(days=7)] or [week_end])
            else:
                submitted = add_workdays(week + timedelta(days=rng.randint(8, 12)), 0)
            topic = topics[i % len(topics)]
            if own:
                e = sum(r["enterprises_visited"] for r in own)
                w = sum(r["workers_reached"] for r in own)
                picks = rng.sample(own, min(2, len(own)))
                work = (
                    f"本周开展蹲点工作{len({r['work_date'] for r in own})}天，走访企业{e}家，联系服务职工{w}人。主要工作："
                    + "；".join(r["content"].rstrip("。") for r in picks)
                    + "。"
                )
            else:
                work = f"本周蹲点组成员参加{self.theme.host}专项工作，日记录待补录。"
            found = [r["title"] for r in problems if week <= r["raised_on"] <= week_end]
            problems_text = "；".join(found) + "。" if found else "本周未发现新的突出问题，继续跟踪前期问题办理。"
            next_topic = topics[(i + 1) % len(topics)]
            plan = f"围绕“{next_topic}”继续走访调研，跟踪已收集问题的办理进度，做好台账记录。"
            self._row(
                WeeklyReport,
                submitted,
                week_start=week,
                submitted_on=submitted,
                topic=topic,
                work_done=work,
                problems_found=problems_text,
                next_plan=plan,
            )

    def _monthly(self) -> None:
        rng, p, theme = self.rng, self.p, self.theme
        meetings = []
        year, month = self.start.year, self.start.month
        while True:
            month_end = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
            candidates = [
                d
                for d in working_days(date(year, month, 24), min(month_end, date(year, month, 30)))
                if self.start + timedelta(days=10) <= d <= self.end
            ]
            if date(year, month, 24) > self.end:
                break
            if candidates:
                meetings.append(rng.choice(candidates))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        skip = set(rng.sample(range(1, len(meetings)), min(p.monthly_missed, max(0, len(meetings) - 1))))
        no_minutes = self.kind == "lagging"
        previous = self.start
        for i, meeting in enumerate(meetings):
            if i in skip:
                continue
            period = lambda rows, field, first=previous, last=meeting: [r for r in rows if first <= r[field] <= last]  # noqa: E731
            dailies = period(self.rows[DailyRecord], "work_date")
            problems = period(self.rows[Problem], "raised_on")
            solved = [r for r in self.rows[Problem] if r["resolved_on"] and previous <= r["resolved_on"] <= meeting]
            unions = period(self.rows[UnionBuilding], "event_date")
            e = sum(r["enterprises_visited"] for r in dailies)
            w = sum(r["workers_reached"] for r in dailies)
            u = sum(r["new_unions"] for r in unions)
            m = sum(r["new_members"] for r in unions)
            topic = rng.choice(theme.topics)
            minutes = (
                f"{meeting.month}月{meeting.day}日，蹲点组与{theme.host}召开月度工作交流会。会议通报了本月蹲点工作情况："
                f"走访企业{e}家，联系服务职工{w}人，新建工会{u}个、发展会员{m}人，收集问题{len(problems)}条、解决{len(solved)}条。"
                f"与会同志围绕“{topic}”进行了交流，{theme.host}表示将对需要协调的问题明确责任人和办理时限。"
                f"会议明确下月重点：继续跟踪问题办理，推进建会入会，做好调研报告素材积累。"
            )
            found_text = "；".join(r["title"] for r in problems[:4]) or "本月未发现新的突出问题。"
            solved_text = "；".join(r["title"] for r in solved[:4]) or "本月问题仍在办理中。"
            delay = rng.randint(*p.minutes_delay)
            submitted = add_workdays(meeting, delay)
            if no_minutes and i == len(meetings) - 1:
                submitted = None
                no_minutes = False
            self._row(
                MonthlyExchange,
                meeting,
                meeting_date=meeting,
                attendees=f"{theme.host}分管负责同志、{theme.site_union}负责同志、蹲点组全体成员",
                minutes=minutes,
                problems_found=found_text,
                problems_solved=solved_text,
                next_plan=f"围绕“{topic}”深化调研，推动已收集问题按期办结。",
                minutes_submitted_on=submitted,
            )
            previous = meeting + timedelta(days=1)

    def _outcomes(self) -> None:
        rng, p, theme = self.rng, self.p, self.theme
        topic = rng.choice(theme.topics)
        day = self.days[min(len(self.days) - 1, rng.randint(5, 12))]
        self._row(
            Outcome,
            day,
            author=self.authors[0],
            kind="research_topic",
            title=f"调研选题：{self.label}{topic}情况调研",
            submitted_on=day,
            channel="internal",
            adopted_by="",
            summary=f"经蹲点组研究并报联络指导办公室同意，确定以“{topic}”为调研方向，制定调研提纲。",
        )
        due = self.stage_due
        if p.stage_late:
            stage_day = add_workdays(due + timedelta(days=rng.randint(5, 10)), 0)
        else:
            before = due - timedelta(days=rng.randint(0, 3))
            stage_day = max((d for d in self.days if d <= before), default=self.days[-1])
        self._row(
            Outcome,
            stage_day,
            author=self.authors[0],
            kind="stage_summary",
            title=f"{self.label}蹲点工作组阶段性工作总结",
            submitted_on=stage_day,
            channel="internal",
            adopted_by="",
            summary=self._tally(stage_day),
        )
        report = p.report
        if report == "late_or_missing":
            report = "late" if rng.random() < 0.5 else "missing"
        if report != "missing":
            if report == "late":
                report_day = add_workdays(self.report_due + timedelta(days=rng.randint(3, 10)), 0)
            else:
                report_day = self.report_due - timedelta(days=rng.randint(1, 8))
                while not is_workday(report_day):
                    report_day -= timedelta(days=1)
            self._row(
                Outcome,
                report_day,
                author=self.authors[0],
                kind="research_report",
                title=f"关于{self.label}{topic}情况的调研报告",
                submitted_on=report_day,
                channel="internal",
                adopted_by="",
                summary=f"报告分析了{self.label}企业生产经营、职工队伍和主要诉求情况，就{topic}提出了意见建议。" + self._tally(report_day),
            )
        channels = ("press", "website", "wechat")
        for j in range(self._scaled(p.publicity)):
            day = self._day_between(0.15, 1.0)
            ctx = self._ctx(w=rng.randint(20, 120))
            channel = channels[j % 3] if j < 3 else rng.choice(channels)
            title = rng.choice(PUBLICITY_TITLES).format(**ctx)
            self._row(
                Outcome,
                day,
                kind="publicity",
                title=title,
                submitted_on=day,
                channel=channel,
                adopted_by="",
                summary=f"刊发于{CHANNEL_NAME[channel]}。",
            )
        if theme.policies and rng.random() < p.policy_chance * self.intensity:
            title, adopted_by = rng.choice(theme.policies)
            day = self._day_between(0.8, 1.0)
            self._row(
                Outcome,
                day,
                author=self.authors[0],
                kind="policy",
                title=title,
                submitted_on=day,
                channel="",
                adopted_by=adopted_by,
                summary=f"蹲点组总结提炼的做法经{adopted_by}研究采纳，转化为制度措施。",
            )

    def _tally(self, until: date) -> str:
        dailies = [r for r in self.rows[DailyRecord] if r["work_date"] <= until]
        problems = [r for r in self.rows[Problem] if r["raised_on"] <= until]
        solved = [r for r in problems if r["resolved_on"] and r["resolved_on"] <= until]
        unions = [r for r in self.rows[UnionBuilding] if r["event_date"] <= until]
        things = [r for r in self.rows[PracticalThing] if r["done_on"] and r["done_on"] <= until]
        return (
            f"截至{until.month}月{until.day}日，蹲点组累计走访企业{sum(r['enterprises_visited'] for r in dailies)}家，"
            f"联系服务职工{sum(r['workers_reached'] for r in dailies)}人，收集问题{len(problems)}条、解决{len(solved)}条，"
            f"推动新建工会{sum(r['new_unions'] for r in unions)}个、发展会员{sum(r['new_members'] for r in unions)}人，"
            f"办结实事{len(things)}件。"
        )

    def _funds(self) -> None:
        rng, theme = self.rng, self.theme
        budget = 30000.0 if self.intensity >= 1 else 20000.0
        spending: list[tuple[date, str, float, str]] = []
        visits = self.rows[Visit]
        for kind, item in (
            ("cooling", "高温送清凉物资"),
            ("needy", "困难职工慰问金"),
            ("model_worker", "劳模工匠慰问"),
            ("craftsman", "劳模工匠慰问"),
        ):
            for visit in (v for v in visits if v["kind"] == kind):
                spending.append((visit["visit_date"], item, visit["amount"], visit["notes"][:60]))
        months = sorted({(d.year, d.month) for d in self.days})
        if theme.remote:
            for year, month in months:
                days = [d for d in self.days if (d.year, d.month) == (year, month)]
                spending.append((days[-1], "交通及食宿补助", float(rng.randint(8, 16) * 100), "赴远郊县蹲点，按规定报销交通和食宿费用。"))
        else:
            spending.append((self._day_between(0.4, 0.6), "交通费", float(rng.randint(6, 15) * 100), "市内交通费用。"))
        spending.append((self._day_between(0.05, 0.3), "宣传资料印制", float(rng.randint(8, 15) * 100), "印制《工会法》宣传册和入会指南。"))
        spending.append((self._day_between(0.3, 0.7), "职工座谈会资料费", float(rng.randint(3, 8) * 100), ""))
        total = sum(s[2] for s in spending)
        while total > budget * 0.95:
            budget += 5000.0
        self._row(
            Funds,
            self.start,
            author=self.authors[0],
            entry_date=self.start,
            kind="budget",
            item="蹲点活动专项经费",
            amount=budget,
            notes="市总工会下达蹲点活动专项经费。",
        )
        for day, item, amount, notes in sorted(spending, key=lambda s: (s[0], s[1])):
            self._row(Funds, day, entry_date=day, kind="spending", item=item, amount=float(amount), notes=notes)

    def _leader_visits(self) -> None:
        rng = self.rng
        count = rng.randint(*self.p.leader_visits)
        windows = ((0.05, 0.25), (0.4, 0.6), (0.75, 0.95))[:count]
        leader = self.liaison_name or "联系领导"
        for j, (lo, hi) in enumerate(windows):
            day = self._day_between(lo, hi)
            kind = "briefing" if j == 1 and rng.random() < 0.5 else "visit"
            if kind == "visit":
                notes = (
                    f"{leader}到{self.theme.short}看望蹲点组成员，听取工作汇报，走访{rng.choice(self.theme.enterprises)[0]}，"
                    f"要求蹲点组聚焦{rng.choice(self.theme.topics)}，把问题解决在基层。"
                )
            else:
                notes = f"蹲点组向{leader}专题汇报阶段工作和问题办理情况，{leader}对下一步工作提出要求。"
            self._row(LeaderVisit, day, author=self.authors[0], visit_date=day, leader_name=leader, kind=kind, notes=notes)


# ---------------------------------------------------------------- writing rows fast


@cache
def _column_defaults(model: type[LedgerBase]) -> dict[str, Any]:
    defaults = {}
    for column in model.__table__.columns:
        if column.name == "id":
            continue
        info = model.model_fields.get(column.name)
        value = None if info is None or info.default is PydanticUndefined else info.default
        defaults[column.name] = value
    return defaults


def insert_ledger_rows(
    session: Session, rows_by_model: Mapping[type[LedgerBase], Iterable[dict[str, Any]]], batch: int = INSERT_BATCH
) -> dict[type[LedgerBase], int]:
    """Insert plain row dicts with Core executemany, in batches; returns rows written per model."""
    written: dict[type[LedgerBase], int] = {}
    for model, rows in rows_by_model.items():
        defaults = _column_defaults(model)
        statement = insert(model.__table__)
        chunk: list[dict[str, Any]] = []
        written[model] = 0
        for row in rows:
            chunk.append({**defaults, **row})
            if len(chunk) >= batch:
                session.execute(statement, chunk)
                written[model] += len(chunk)
                chunk = []
        if chunk:
            session.execute(statement, chunk)
            written[model] += len(chunk)
    return written


# ---------------------------------------------------------------- fictional people

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
    "阎余潘杜戴夏钟汪田任姜范方石姚谭邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟段雷钱汤尹武乔贺龚常"
)
MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩凯健俊帆旭东博文宇航振海亮晨峰锐志建国立新永春卫"
FEMALE_CHARS = "芳娜敏静丽艳娟霞燕玲婷雪慧颖琳晶倩洁萍蕾璐佳欣悦彤瑶露岚菲妍琪楠月梅兰荣洋丹莹"


def _fictional_names(rng: random.Random, count: int, avoid: Iterable[str] = ()) -> list[str]:
    """Plausible Chinese names, none equal to, containing or contained in a seed name."""
    taken = set(avoid)
    names: list[str] = []
    while len(names) < count:
        chars = MALE_CHARS if rng.random() < 0.55 else FEMALE_CHARS
        given = rng.choice(chars) if rng.random() < 0.15 else rng.choice(chars) + rng.choice(chars)
        name = rng.choice(SURNAMES) + given
        if name in taken or len(set(given)) < len(given):
            continue
        if any(seed in name or name in seed for seed in SEED_NAMES):
            continue
        taken.add(name)
        names.append(name)
    return names


DEPARTMENTS = (
    "组织部",
    "办公室",
    "宣网部",
    "权益保障部",
    "经费审查委员会办公室",
    "女职工部",
    "法律工作部",
    "财务部",
    "基层工作部",
    "劳动和经济工作部",
    "机关党委",
)
LOCAL_DEPARTMENTS = ("组织宣传部", "办公室", "权益保障部")

# ---------------------------------------------------------------- the two rounds

ROUND_2021 = {
    "name": "石家庄市总工会2021年机关干部赴基层蹲点活动",
    "doc_number": "石工办字〔2021〕24号",
    "level": "city",
    "region_code": "130100",
    "year": 2021,
    "start_date": date(2021, 7, 12),
    "end_date": date(2021, 10, 11),
    "status": "closed",
    "created_at": datetime(2021, 6, 21, 1, 30, tzinfo=UTC),
}
ROUND_2020 = {
    "name": "石家庄市总工会2020年机关干部赴基层蹲点活动",
    "doc_number": "石工办字〔2020〕19号",
    "level": "city",
    "region_code": "130100",
    "year": 2020,
    "start_date": date(2020, 7, 13),
    "end_date": date(2020, 10, 12),
    "status": "closed",
    "created_at": datetime(2020, 6, 22, 1, 30, tzinfo=UTC),
}
PHASES = {
    2021: (
        ("preparation", date(2021, 6, 21), date(2021, 7, 7), date(2021, 7, 7)),
        ("mobilisation", date(2021, 7, 8), date(2021, 7, 9), date(2021, 7, 9)),
        ("stationing", date(2021, 7, 12), date(2021, 10, 11), date(2021, 10, 11)),
        ("summary", date(2021, 9, 15), date(2021, 10, 20), date(2021, 10, 20)),
    ),
    2020: (
        ("preparation", date(2020, 6, 22), date(2020, 7, 8), date(2020, 7, 8)),
        ("mobilisation", date(2020, 7, 9), date(2020, 7, 10), date(2020, 7, 10)),
        ("stationing", date(2020, 7, 13), date(2020, 10, 12), date(2020, 10, 12)),
        ("summary", date(2020, 9, 15), date(2020, 10, 20), date(2020, 10, 23)),
    ),
}
DELIVERABLES = (("阶段总结", "stage_summary", 9, 30), ("调研报告", "research_report", 10, 20))
ROUND_TARGETS = {
    2021: {"new_unions": 20, "new_members": 1500, "problems_solved": 100, "practical_things": 40, "outcomes": 30, "cadres_trained": 26},
    2020: {"new_unions": 15, "new_members": 1000, "problems_solved": 70, "practical_things": 28, "outcomes": 21, "cadres_trained": 24},
}
TEAM_TARGETS = {  # per team in seq order; cadres_trained is the team's office cadres
    2021: {
        "new_unions": (3, 3, 3, 3, 3, 3, 2),
        "new_members": (250, 200, 250, 200, 250, 150, 200),
        "problems_solved": (15, 15, 14, 14, 14, 14, 14),
        "practical_things": (6, 6, 6, 6, 6, 5, 5),
        "outcomes": (5, 4, 4, 4, 5, 4, 4),
    },
    2020: {
        "new_unions": (2, 2, 2, 2, 3, 2, 2),
        "new_members": (150, 150, 150, 150, 150, 100, 150),
        "problems_solved": (10, 10, 10, 10, 10, 10, 10),
        "practical_things": (4, 4, 4, 4, 4, 4, 4),
        "outcomes": (3, 3, 3, 3, 3, 3, 3),
    },
}
OFFICE_SIZES = {2021: (4, 4, 3, 3, 4, 4, 4), 2020: (4, 3, 3, 3, 4, 4, 3)}  # office cadres incl. the team leader
LOCAL_ORGS = ("正定县总工会", "藁城区总工会", "长安区总工会", "桥西区总工会", "行唐县总工会", None, None)
TEAM_PROFILES = {
    2021: ("excellent", "normal", "normal", "normal", "lagging", "normal", "risk"),
    2020: ("normal", "excellent", "normal", "lagging", "normal", "normal", "normal"),
}
INTENSITY = {2021: 1.0, 2020: 0.7}
# The 2021 rotation: a member of team 2 moves to team 4.
ROTATION = {"from_seq": 2, "to_seq": 4, "left_on": date(2021, 8, 15), "joined_on": date(2021, 8, 16)}


def read_sites() -> list[dict[str, Any]]:
    with open(SITES_CSV, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    sites = []
    for row in rows:
        sites.append(
            {
                "name": row["name"].strip(),
                "kind": row["kind"].strip(),
                "district_name": row["district_name"].strip(),
                "district_code": row["district_code"].strip(),
                "city_code": "130100",
                "province_code": "130000",
                "lon": float(row["lon"]) if row.get("lon") else None,
                "lat": float(row["lat"]) if row.get("lat") else None,
                "profile": (row.get("profile") or "").strip(),
            }
        )
    return sites


@dataclass
class _Cast:
    """The fictional people of both rounds, before they have ids."""

    leaders: list[Person]  # 9: head, deputy, 6 members of 2021, and one who served only in 2020
    office_2021: list[list[Person]]  # per team, team leader first
    local_2021: list[Person | None]
    office_2020: list[list[Person]]
    local_2020: list[Person | None]


def _cast() -> _Cast:
    rng = random.Random(f"{SEED}-people")
    names = iter(_fictional_names(rng, 9 + 26 + 5 + 14 + 2))
    leaders = [Person(name=next(names), department="市总工会党组", origin="office", is_leader=True) for _ in range(9)]

    def office(young: bool, department: str | None = None) -> Person:
        return Person(name=next(names), department=department or rng.choice(DEPARTMENTS), origin="office", is_young=young)

    def local(org: str) -> Person:
        return Person(
            name=next(names), department=rng.choice(LOCAL_DEPARTMENTS), origin="local", local_org=org, is_young=rng.random() < 0.3
        )

    industry_dept = {5: "机械建材工会", 6: "建设工会"}
    office_2021 = []
    for t, size in enumerate(OFFICE_SIZES[2021]):
        team = [office(False, industry_dept.get(t))]
        for j in range(1, size):
            # The young cadres: the last member of every team, and the second of the larger ones.
            young = j == size - 1 or (size == 4 and j == 2 and t % 2 == 0)
            team.append(office(young, industry_dept.get(t) if j == 1 else None))
        office_2021.append(team)
    local_2021 = [local(org) if org else None for org in LOCAL_ORGS]
    # 2020: its own team leaders, the 2021 team leaders and three 2021 members as members, and seven others.
    leaders_2020 = [office(False, industry_dept.get(t)) for t in range(7)]
    extra_2020 = [office(rng.random() < 0.4) for _ in range(7)]
    reused = [team[0] for team in office_2021] + [office_2021[0][1], office_2021[3][1], office_2021[5][2]]
    pool = reused + extra_2020
    rng.shuffle(pool)
    office_2020 = []
    for t, size in enumerate(OFFICE_SIZES[2020]):
        office_2020.append([leaders_2020[t]] + [pool.pop() for _ in range(size - 1)])
    local_2020 = [local_2021[0], local_2021[1], local("长安区总工会"), local("桥西区总工会"), local_2021[4], None, None]
    return _Cast(leaders, office_2021, local_2021, office_2020, local_2020)


def build_sample(session: Session) -> None:
    """Write both sample rounds, their people, teams and ledgers, and the demo users."""
    sites = [Site(**row) for row in read_sites()]
    session.add_all(sites)
    cast = _cast()
    session.add_all(cast.leaders)
    for group in (cast.office_2021, cast.office_2020):
        for team in group:
            session.add_all(team)
    session.add_all([p for p in cast.local_2021 + cast.local_2020 if p is not None])
    session.flush()

    leaders = cast.leaders
    liaisons_2021 = [leaders[2], leaders[3], leaders[4], leaders[5], leaders[6], leaders[7], leaders[1]]
    liaisons_2020 = [leaders[3], leaders[8], leaders[2], leaders[5], leaders[4], leaders[6], leaders[1]]
    group_2021 = [(leaders[0], "head"), (leaders[1], "deputy")] + [(p, "member") for p in leaders[2:8]]
    group_2020 = [(leaders[0], "head"), (leaders[1], "deputy")] + [(p, "member") for p in leaders[2:7] + [leaders[8]]]

    # The older round first, so that ids follow the calendar.
    teams_2020 = _build_round(session, ROUND_2020, sites, cast.office_2020, cast.local_2020, liaisons_2020, group_2020, rotation=None)
    teams_2021 = _build_round(session, ROUND_2021, sites, cast.office_2021, cast.local_2021, liaisons_2021, group_2021, rotation=ROTATION)

    member_site = next(i for i, site in enumerate(sites) if site.name == DEMO_MEMBER_SITE)
    member_team = teams_2021[member_site]
    member_person = next(p for p in cast.office_2021[member_site] if p.is_young)
    created = datetime(2021, 7, 8, 1, 0, tzinfo=UTC)
    users = {}
    for spec in DEMO_USERS:
        kwargs: dict[str, Any] = {}
        display = spec["display_name"]
        if spec["role"] == "member":
            kwargs = {"team_id": member_team.id, "person_id": member_person.id}
            display = member_person.name
        elif spec["role"] == "leadership":
            kwargs = {"person_id": leaders[0].id}
        user = create_user(session, spec["username"], spec["password"], spec["role"], display_name=display, is_demo=True, **kwargs)
        user.created_at = created
        users[spec["role"]] = user
    session.flush()
    profiles = {team.id: profile for team, profile in zip(teams_2020, TEAM_PROFILES[2020])}
    evaluators = [users["office"].id, users["leadership"].id]
    seed_closed_evaluation(session, teams_2020[0].round_id, profiles, evaluators, datetime(2020, 10, 23, 2, 0, tzinfo=UTC))


def _build_round(
    session: Session,
    spec: dict[str, Any],
    sites: list[Site],
    office: list[list[Person]],
    local: list[Person | None],
    liaisons: list[Person],
    group: list[tuple[Person, str]],
    rotation: dict[str, Any] | None,
) -> list[Team]:
    year = spec["year"]
    round_ = Round(**spec)
    session.add(round_)
    session.flush()
    for kind, start, deadline, completed in PHASES[year]:
        session.add(Phase(round_id=round_.id, kind=kind, start_date=start, deadline=deadline, completed_on=completed))
    for name, kind, month, day in DELIVERABLES:
        session.add(Deliverable(round_id=round_.id, name=name, outcome_kind=kind, due_date=date(year, month, day)))
    for metric, value in ROUND_TARGETS[year].items():
        session.add(Target(round_id=round_.id, metric=metric, value=value))
    for person, role in group:
        session.add(LeadershipRole(round_id=round_.id, person_id=person.id, role=role))
    teams = [Team(round_id=round_.id, site_id=site.id, seq=i + 1, liaison_leader_id=liaisons[i].id) for i, site in enumerate(sites)]
    session.add_all(teams)
    session.flush()

    start, end = spec["start_date"], spec["end_date"]
    members: list[list[tuple[Person, str, date, date | None]]] = []
    for i, team in enumerate(teams):
        rows = [(office[i][0], "leader", start, None)] + [(p, "member", start, None) for p in office[i][1:]]
        if local[i] is not None:
            rows.append((local[i], "member", start, None))
        members.append(rows)
        for metric, values in TEAM_TARGETS[year].items():
            session.add(Target(round_id=round_.id, team_id=team.id, metric=metric, value=values[i]))
        session.add(Target(round_id=round_.id, team_id=team.id, metric="cadres_trained", value=len(office[i])))
    if rotation:
        a, b = rotation["from_seq"] - 1, rotation["to_seq"] - 1
        mover = office[a][-1]
        members[a] = [(p, r, j, rotation["left_on"] if p is mover else left) for p, r, j, left in members[a]]
        members[b].append((mover, "member", rotation["joined_on"], None))
    for team, rows in zip(teams, members):
        for person, role, joined, left in rows:
            session.add(TeamMember(team_id=team.id, person_id=person.id, role=role, joined_on=joined, left_on=left))
    session.flush()

    all_rows: dict[type[LedgerBase], list[dict[str, Any]]] = {model: [] for model in LEDGER_MODELS.values()}
    for i, team in enumerate(teams):
        site = sites[i]
        rows = members[i]
        spans: dict[int, tuple[date, date | None]] = {}
        for person, _role, joined, left in rows:
            spans[person.id] = (joined, left)
        ledger = team_ledger_rows(
            random.Random(f"{SEED}-{year}-{team.seq}"),
            team.id,
            [p.id for p, *_ in rows],
            start,
            end,
            TEAM_PROFILES[year][i],
            theme=THEMES.get(site.name),
            site_name=site.name,
            team_leader_name=office[i][0].name,
            liaison_name=liaisons[i].name,
            memberships=spans,
            targets={metric: values[i] for metric, values in TEAM_TARGETS[year].items()},
            intensity=INTENSITY[year],
            stage_due=date(year, 9, 30),
            report_due=date(year, 10, 20),
        )
        for model, rows_of_model in ledger.items():
            all_rows[model].extend(rows_of_model)
    insert_ledger_rows(session, all_rows)
    return teams


def seed_if_empty(engine: Engine) -> bool:
    """Build the sample in one write transaction when there is no round yet; True if it did."""
    try:
        with write_session(engine) as session:
            if engine.dialect.name == "postgresql":
                # Two app processes starting at once: the second waits here, then finds the data.
                session.execute(text("SELECT pg_advisory_xact_lock(20210712)"))
            if session.execute(select(Round.id).limit(1)).first() is not None:
                return False
            build_sample(session)
            return True
    except IntegrityError:
        with write_session(engine) as session:
            if session.execute(select(Round.id).limit(1)).first() is not None:
                return False
        raise
