"""Coded values of the choice columns; their labels are ``choice.<set>.<code>`` in the catalogue."""

# A team member's coded columns (origin, role) and their choice sets, wherever members are listed.
MEMBER_CHOICES = {"origin": "person_origin", "role": "member_role"}

CHOICES: dict[str, tuple[str, ...]] = {
    "round_level": ("city", "province", "national"),
    "round_status": ("planning", "active", "closed"),
    "phase_kind": ("preparation", "mobilisation", "stationing", "summary"),
    "site_kind": ("town", "subdistrict", "dev_zone", "industry_union", "regional_federation"),
    "person_origin": ("office", "local"),
    "member_role": ("leader", "member"),
    "leadership_role": ("head", "deputy", "member"),
    "problem_category": (
        "hardship",
        "reemployment",
        "wages_insurance",
        "rest_leave",
        "safety_health",
        "women",
        "new_employment",
        "disputes_legal",
        "union_building",
    ),
    "problem_scope": ("individual", "common"),
    "problem_status": ("open", "in_progress", "resolved"),
    "feedback": ("satisfied", "basic", "unsatisfied"),
    "thing_status": ("planned", "in_progress", "done"),
    "nef_group": ("truck", "ride_hailing", "courier", "delivery", "other"),
    "risk_type": ("stability", "political_security"),
    "risk_status": ("open", "controlled", "closed"),
    "outcome_kind": ("research_topic", "research_report", "stage_summary", "policy", "publicity"),
    "channel": ("press", "website", "wechat", "internal"),
    "visit_kind": ("needy", "model_worker", "craftsman", "cooling"),
    "funds_kind": ("budget", "spending"),
    "leader_visit_kind": ("visit", "briefing"),
    "user_role": ("leadership", "office", "member", "discipline"),
}
