"""Fictional people: names that are none of the seeds' (``SEED_NAMES``), and the departments they work in."""

from __future__ import annotations

import random
from collections.abc import Iterable

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


SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
    "阎余潘杜戴夏钟汪田任姜范方石姚谭邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟段雷钱汤尹武乔贺龚常"
)
MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩凯健俊帆旭东博文宇航振海亮晨峰锐志建国立新永春卫"
FEMALE_CHARS = "芳娜敏静丽艳娟霞燕玲婷雪慧颖琳晶倩洁萍蕾璐佳欣悦彤瑶露岚菲妍琪楠月梅兰荣洋丹莹"


def fictional_names(rng: random.Random, count: int, avoid: Iterable[str] = ()) -> list[str]:
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
