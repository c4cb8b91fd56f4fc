"""The ledgers of one team for one stationing, and writing them fast.

``team_ledger_rows`` is a pure function returning plain row dicts per model (same ``rng`` state,
same rows); ``insert_ledger_rows`` writes them with SQLAlchemy Core in batches, so the generator
can call both for thousands of synthetic teams.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import insert
from sqlmodel import Session

from data_access.calendar import add_workdays, is_workday, working_days
from data_access.models import (
    LEDGER_MODELS,
    DailyRecord,
    Funds,
    LeaderVisit,
    Leave,
    LedgerBase,
    MajorRisk,
    MonthlyExchange,
    Outcome,
    PracticalThing,
    Problem,
    UnionBuilding,
    Visit,
    WeeklyReport,
)
from data_access.sample.profiles import DEFAULT_TEAM_TARGETS, PROFILES
from data_access.sample.texts import (
    CHANNEL_NAME,
    COMMON_PRONE,
    DAILY_SUMMER,
    DAILY_TEMPLATES,
    ESCALATE_TO,
    LEAVE_REASONS,
    NEF_LABEL,
    NEF_UNION,
    PROBLEM_TEMPLATES,
    PUBLICITY_TITLES,
    RISK_TEMPLATES,
    THEMES,
    THING_TEMPLATES,
    SiteTheme,
)

INSERT_BATCH = 5000


def _stamp(rng: random.Random, day: date) -> datetime:
    """A moment in office hours (09:00–18:59 Beijing time) on ``day``, in UTC."""
    return datetime(day.year, day.month, day.day, rng.randint(1, 10), rng.randint(0, 59), rng.randint(0, 59), tzinfo=UTC)


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
