"""Figures: names, definitions, light reasons, deadline colours, calendar note, settings."""

MESSAGES = {
    # ---------------------------------------------------------------- figure names
    "figure.compliance.daily": ("日记录完成率", "Daily record compliance"),
    "figure.compliance.weekly": ("周报告按时率", "Weekly reports on time"),
    "figure.compliance.monthly": ("月交流完成率", "Monthly exchanges held"),
    "figure.compliance.week_matrix": ("逐周日记录情况", "Daily records week by week"),
    "figure.compliance.fewest_records": ("日记录最少的工作组", "Teams with the fewest daily records"),
    "figure.compliance.calendar": ("蹲点日历", "Stationing calendar"),
    "figure.problems.recorded": ("问题登记数", "Problems recorded"),
    "figure.problems.resolved": ("问题解决数", "Problems resolved"),
    "figure.problems.resolution": ("问题解决率", "Problem resolution rate"),
    "figure.problems.on_time": ("按期解决率", "Resolved on time"),
    "figure.problems.response": ("及时响应率", "Timely response"),
    "figure.problems.escalation": ("共性问题上报率", "Common problems escalated"),
    "figure.problems.median_days": ("解决用时中位数（天）", "Median days to resolve"),
    "figure.problems.satisfaction": ("群众满意率", "Satisfaction"),
    "figure.problems.satisfaction.parts": (
        "满意 {satisfied} + 基本满意 {basic}×{weight}，共 {den} 条反馈",
        "{satisfied} satisfied + {basic} basically satisfied × {weight}, of {den} with feedback",
    ),
    "figure.problems.overdue": ("逾期未解决问题", "Overdue problems"),
    "figure.problems.cumulative": ("问题登记与解决累计", "Problems recorded and resolved, cumulative"),
    "figure.problems.common_categories": ("共性问题类别", "Common problem categories"),
    "figure.six.new_unions": ("新建工会组织", "New unions established"),
    "figure.six.new_members": ("发展会员", "New members recruited"),
    "figure.six.problems_solved": ("解决问题", "Problems solved"),
    "figure.six.practical_things": ("办成实事", "Practical things done"),
    "figure.six.outcomes": ("形成成果", "Outcomes formed"),
    "figure.six.cadres_trained": ("锻炼干部", "Cadres trained"),
    "figure.six.progress": ("六个一批目标完成度", "Six 一批 progress against targets"),
    "figure.deadline.colour": ("期限提示", "Deadline colours"),
    "figure.light.team": ("工作组进度灯", "Team light"),
    "figure.light.district": ("各地区工作组进度灯", "Team lights by district"),
    "figure.ranking.small_denominator": ("样本过少", "Too few to compare"),
    # ---------------------------------------------------------------- definitions
    "figure.compliance.daily.def": (
        "蹲点开始至今（截至统计日、不晚于蹲点结束）有日记录的工作日数 ÷ 同期工作日数。工作日按国家法定节假日和调休安排计算。",
        "Working days of the stationing so far (to the as-of date, at most its end) with at least one daily "
        "record, divided by the working days so far. Working days follow the state calendar, holidays and "
        "make-up working days included.",
    ),
    "figure.compliance.weekly.def": (
        "按时提交的周报告数 ÷ 至今应交周数。自蹲点开始所在周的周一起算，一周过完（或蹲点在该周结束）即计入；"
        "周报告在该周周日后宽限天数内提交为按时。",
        "Weekly reports submitted on time divided by the weeks so far, counted from the Monday of the start "
        "week; a week counts once its Sunday has passed (or the stationing ended in it). A report is on time "
        "when submitted by the Sunday plus the grace days.",
    ),
    "figure.compliance.monthly.def": (
        "召开过月交流的月份数 ÷ 至今应开月份数。一个月过完（或蹲点在该月结束）即计入。",
        "Months with at least one monthly exchange divided by the months so far; a month counts once it has "
        "fully elapsed or the stationing ended in it.",
    ),
    "figure.compliance.week_matrix.def": (
        "每个工作组每周的应记工作日数与实际有日记录的天数。",
        "For each team and week: the working days expected and the days with a daily record.",
    ),
    "figure.compliance.fewest_records.def": (
        "日记录完成率最低的工作组，由低到高排列（完成率相同时按序号）；工作组较多时，逐周矩阵只列出这些组。",
        "The teams with the lowest daily record compliance, lowest first (equal rates by number); with many "
        "teams the week matrix lists only these.",
    ),
    "figure.compliance.calendar.def": (
        "蹲点开始至今的每一天：有日记录（不论是否工作日）、缺记录的工作日、或非工作日。",
        "Each day of the stationing so far: a daily record kept (working day or not), a working day without one, or a day off.",
    ),
    "figure.problems.recorded.def": (
        "统计日及以前登记、未删除的问题数。",
        "Problems raised on or before the as-of date and not deleted.",
    ),
    "figure.problems.resolved.def": (
        "截至统计日状态为已解决的问题数；统计日之后才解决的问题仍算未解决。",
        "Problems resolved by the as-of date; one resolved later still counts as open.",
    ),
    "figure.problems.resolution.def": (
        "已解决问题数 ÷ 登记问题数。",
        "Problems resolved divided by problems recorded.",
    ),
    "figure.problems.on_time.def": (
        "在办理期限内解决的问题数 ÷ 设有期限的已解决问题数。",
        "Resolved problems resolved by their deadline divided by resolved problems that have a deadline.",
    ),
    "figure.problems.response.def": (
        "登记后规定工作日数内（办公室设定，默认3个工作日）有首次办理的问题数 ÷ 登记问题数。",
        "Problems with a first action within the set number of working days after being raised (default 3) divided by problems recorded.",
    ),
    "figure.problems.escalation.def": (
        "已上报上级的共性问题数 ÷ 共性问题数。",
        "Common problems escalated to a higher body divided by common problems.",
    ),
    "figure.problems.median_days.def": (
        "已解决问题从登记到解决所用天数的中位数（偶数个时取中间两个的平均）。",
        "The median of days from raising to resolving, over resolved problems (the mean of the middle two when their number is even).",
    ),
    "figure.problems.satisfaction.def": (
        "（满意数 + 0.9 × 基本满意数）÷ 有反馈的已解决问题数。",
        "(Satisfied + 0.9 × basically satisfied) divided by resolved problems with feedback.",
    ),
    "figure.problems.overdue.def": (
        "截至统计日未解决且已过办理期限的问题。",
        "Problems not resolved by the as-of date whose deadline has passed.",
    ),
    "figure.problems.cumulative.def": (
        "逐日累计的登记问题数与已解决问题数。",
        "Problems recorded and resolved so far, day by day.",
    ),
    "figure.problems.common_categories.def": (
        "在范围内达到设定数量（默认3个）及以上不同蹲点单位出现的问题类别，视为共性问题。",
        "A problem category raised at the set number of distinct sites in scope or more (default 3) is a common problem.",
    ),
    "figure.six.new_unions.def": (
        "建会入会台账中新建工会组织数之和。",
        "The sum of new unions in the union-building ledger.",
    ),
    "figure.six.new_members.def": (
        "建会入会台账中发展会员数之和。",
        "The sum of new members in the union-building ledger.",
    ),
    "figure.six.problems_solved.def": (
        "截至统计日已解决的问题数。",
        "Problems resolved by the as-of date.",
    ),
    "figure.six.practical_things.def": (
        "办实事清单中已办结的事项数。",
        "Practical things marked done.",
    ),
    "figure.six.outcomes.def": (
        "成果台账中的成果数。",
        "Rows in the outcome ledger.",
    ),
    "figure.six.cadres_trained.def": (
        "在本轮工作组中任职过的不同人员数（轮换人员各计一次）。",
        "Distinct persons who served on a team of the round (a rotated person counts once).",
    ),
    "figure.six.progress.def": (
        "工作组设有目标（大于0）的各项“六个一批”完成比例的平均值，每项完成比例 = 实际数 ÷ 目标数，最高按100%计，"
        "超额不能弥补其他项；没有目标的项不计入，一项目标都没有的工作组显示“—”。",
        "The mean, over the six 一批 metrics for which the team has a target above 0, of actual ÷ target, "
        "each counted at most 100 % so that exceeding one target cannot make up for missing another; "
        "metrics without a target are left out, and a team with no target shows “—”.",
    ),
    "figure.deadline.colour.def": (
        "红：已逾期未完成；蓝：设定天数内到期（默认7天）；黄：已用时间超过期限的设定比例（默认一半）仍未开始办理；"
        "其余不标色。按红、蓝、黄顺序取第一个符合的。",
        "Red: overdue and not done; blue: due within the set days (default 7); yellow: more than the set "
        "share of its time used (default half) and no action yet; otherwise none. The first that applies wins.",
    ),
    "figure.light.team.def": (
        "红：日记录完成率低于红灯线，或逾期事项达到设定数，或有未处置的重大事项；黄：完成率低于绿灯线或有逾期事项；其余为绿。",
        "Red: daily compliance below the red threshold, overdue items reaching the set count, or an open major "
        "risk; yellow: compliance below the green threshold or anything overdue; green otherwise.",
    ),
    "figure.light.district.def": (
        "每个地区的工作组按进度灯分别计数（绿、黄、红），以及这些组的逾期事项数和未化解重大事项数之和。",
        "For each district: its teams counted by light (green, yellow, red), and the sum of their overdue items and open major risks.",
    ),
    "figure.ranking.small_denominator.def": (
        "分母小于设定的最小值（默认5）时，排名中加注，不宜直接比较。",
        "A rate whose denominator is below the set minimum (default 5) is marked in rankings: too few to compare.",
    ),
    # ---------------------------------------------------------------- lights
    "light.green": ("绿灯", "Green"),
    "light.yellow": ("黄灯", "Yellow"),
    "light.red": ("红灯", "Red"),
    "light.reason.compliance_low": (
        "日记录完成率 {rate:.0%}（{num}/{den}），低于 {threshold:.0%}",
        "Daily compliance {rate:.0%} ({num}/{den}), below {threshold:.0%}",
    ),
    "light.reason.compliance_mid": (
        "日记录完成率 {rate:.0%}（{num}/{den}），未达 {threshold:.0%}",
        "Daily compliance {rate:.0%} ({num}/{den}), short of {threshold:.0%}",
    ),
    "light.reason.overdue_many": (
        "逾期事项 {count} 项（达到红灯线 {threshold} 项）",
        "Overdue items: {count} (red at {threshold})",
    ),
    "light.reason.overdue_some": ("逾期事项 {count} 项", "Overdue items: {count}"),
    "light.reason.open_risk": ("未处置重大事项 {count} 项", "Open major risks: {count}"),
    # ---------------------------------------------------------------- deadlines
    "deadline.colour.red": ("已逾期", "Overdue"),
    "deadline.colour.blue": ("即将到期", "Due soon"),
    "deadline.colour.yellow": ("进度滞后", "Behind schedule"),
    "deadline.colour.none": ("正常", "On track"),
    "deadline.kind.problem": ("问题", "Problem"),
    "deadline.kind.thing": ("实事", "Practical thing"),
    "deadline.kind.phase": ("阶段", "Phase"),
    "deadline.kind.deliverable": ("报送材料", "Deliverable"),
    # ---------------------------------------------------------------- calendar
    "calendar.note.fallback": (
        "所选年份不在国家节假日日历范围内，工作日暂按周一至周五计算。",
        "The selected years are not in the state holiday calendar; working days are counted Monday to Friday.",
    ),
    # ---------------------------------------------------------------- settings
    "settings.label.deadline_soon_days": ("即将到期提示天数", "Days before due to show blue"),
    "settings.label.behind_share": ("进度滞后时间比例", "Share of time used to show yellow"),
    "settings.label.response_working_days": ("问题响应时限（工作日）", "Response time for problems (working days)"),
    "settings.label.common_min_sites": ("共性问题最少单位数", "Sites for a common problem"),
    "settings.label.min_denominator": ("排名最小样本数", "Smallest denominator for rankings"),
    "settings.label.weekly_grace_days": ("周报告宽限天数", "Grace days for weekly reports"),
    "settings.label.light_green_compliance": ("绿灯完成率", "Compliance for green"),
    "settings.label.light_red_compliance": ("红灯完成率", "Compliance below which red"),
    "settings.label.light_red_overdue": ("红灯逾期事项数", "Overdue items for red"),
    "settings.label.attachment_max_mb": ("附件大小上限（MB）", "Largest attachment (MB)"),
    "settings.error.unknown_key": ("没有这项设置：{setting}", "No such setting: {setting}"),
    "settings.error.not_number": ("请填写数字", "Enter a number"),
    "settings.error.not_integer": ("请填写整数", "Enter a whole number"),
    "settings.error.out_of_range": ("应在 {min:g} 到 {max:g} 之间", "Must be between {min:g} and {max:g}"),
    "settings.error.red_above_green": ("红灯完成率不能高于绿灯完成率", "The red threshold cannot be above the green one"),
}
