"""One description per ledger kind, read from its model's columns, and one per field type.

The entry form, the quick-edit grid, the import template and the export sheet
are all built from ``LEDGERS``: adding a field to a ledger means adding one
``ledger_field`` column to its model (and a migration). What a field's type means
(how input converts, how wide its Excel column is, which widget edits it) is said
once, in ``FIELD_TYPES``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from data_access.choices import CHOICES
from data_access.models import LEDGER_MODELS, LedgerBase

# ---------------------------------------------------------------- field types

EXCEL_DAY_ZERO = date(1899, 12, 30)  # Excel's day 1 is 1900-01-01, counting a 29 February 1900 that never was


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    text = text.removesuffix("日").replace("年", "-").replace("月", "-")
    return date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))


def _to_date(value: Any) -> date:
    try:
        return _parse_date(value)
    except (ValueError, TypeError):
        raise ValueError("validation.bad_date") from None


# The largest count and amount a ledger holds: PostgreSQL's INTEGER ends at 2**31 - 1 (SQLite's
# at 2**63 - 1), and no round's special funds come near ten billion yuan.
MAX_WHOLE = 2**31 - 1
MAX_MONEY = 10_000_000_000


class OutOfRange(ValueError):
    """A number past a field type's bound; ``args[0]`` is the catalogue key, ``limit`` its bound."""

    def __init__(self, limit: float):
        super().__init__("validation.too_big")
        self.limit = limit


def _to_whole(value: Any) -> int:
    try:
        number = float(value)
        whole = int(number)
    except (ValueError, TypeError, OverflowError):  # OverflowError: "inf" from a spreadsheet
        raise ValueError("validation.not_integer") from None
    if number != whole:
        raise ValueError("validation.not_integer") from None
    if abs(whole) > MAX_WHOLE:
        raise OutOfRange(MAX_WHOLE)
    return whole


def _to_money(value: Any) -> float:
    try:
        number = float(value)
    except (ValueError, TypeError):
        raise ValueError("validation.not_number") from None
    if not math.isfinite(number):
        raise ValueError("validation.not_number") from None
    if abs(number) > MAX_MONEY:
        raise OutOfRange(MAX_MONEY)
    return round(number, 2)


def _to_text(value: Any) -> str:
    text = str(value).strip()
    if "\x00" in text:  # PostgreSQL cannot store a NUL character in text
        raise ValueError("validation.nul_char")
    return text


def _same(value: Any, day_zero: date = EXCEL_DAY_ZERO) -> Any:
    return value


def _cell_date(value: Any, day_zero: date = EXCEL_DAY_ZERO) -> Any:
    """A day number is a date typed into a General cell, counted from the workbook's day zero
    (1904-01-01 in a workbook of the 1904 date system); the range keeps years 1954–2119."""
    if isinstance(value, (int, float)) and 20000 < value < 80000:
        return day_zero + timedelta(days=int(value))
    return value


def _cell_text(value: Any, day_zero: date = EXCEL_DAY_ZERO) -> str:
    """A number or a day Excel made of typed text, back as the text it was."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _cell_number(value: Any, day_zero: date = EXCEL_DAY_ZERO) -> Any:
    """1,200 and 1200元 are numbers; ∞ and NaN are not (a text that ``convert`` refuses)."""
    if isinstance(value, str):
        value = value.replace(",", "").replace("，", "").removesuffix("元").strip()
    try:
        return value if math.isfinite(float(value)) else "∞"
    except (TypeError, ValueError, OverflowError):
        return value


_YES = ("是", "true", "yes", "y", "1", "√")


def _cell_yes_no(value: Any, day_zero: date = EXCEL_DAY_ZERO) -> Any:
    return re.sub(r"\s", "", value).lower() in _YES if isinstance(value, str) else value


@dataclass(frozen=True)
class FieldType:
    """What one ``widget`` of ``ledger_field`` means wherever a field is entered, shown or read."""

    convert: Callable[[Any], Any]  # input -> the column's type; ValueError carries the catalogue key
    blank: Any  # what an optional field left blank holds
    excel_width: float  # the column's width in the import template and the export
    excel_format: str | None  # the column's number format in both
    input: str  # the entry form's widget (ui.ledger_widgets.INPUTS)
    column: str  # the quick-edit grid's column (ui.ledger_widgets.COLUMNS)
    from_cell: Callable[[Any, date], Any] = _same  # a spreadsheet cell (and its workbook's day zero) as ``convert`` takes it
    max_value: float | None = None  # the largest number ``convert`` accepts; the form's and grid's bound too


FIELD_TYPES: dict[str, FieldType] = {
    "date": FieldType(_to_date, None, 12, "yyyy-mm-dd", "date", "date", _cell_date),
    "text": FieldType(_to_text, "", 20, None, "text", "text", _cell_text),
    "textarea": FieldType(_to_text, "", 40, None, "textarea", "text", _cell_text),
    "int": FieldType(_to_whole, 0, 12, None, "whole", "number", _cell_number, MAX_WHOLE),
    "money": FieldType(_to_money, 0, 12, "0.00", "money", "number", _cell_number, MAX_MONEY),
    "choice": FieldType(_to_text, "", 16, None, "choice", "choice"),  # labels are looked up by the reader
    "person": FieldType(_to_whole, None, 12, None, "person", "person", max_value=MAX_WHOLE),  # names are looked up by the reader
    "bool": FieldType(bool, False, 8, None, "checkbox", "checkbox", _cell_yes_no),
}


@dataclass(frozen=True)
class LedgerField:
    name: str
    widget: str  # a key of FIELD_TYPES
    required: bool
    choices: str | None
    min_value: float | None
    max_length: int | None
    form_default: str | None
    default: Any  # the model's default, for a new row without a form default
    type: FieldType  # FIELD_TYPES[widget]

    @property
    def label_key(self) -> str:
        return f"field.{self.name}"

    @property
    def options(self) -> tuple[str, ...]:
        return CHOICES[self.choices] if self.choices else ()


@dataclass(frozen=True)
class LedgerSpec:
    kind: str
    model: type[LedgerBase]
    fields: tuple[LedgerField, ...]
    date_field: str  # the day a row belongs to: sorts lists, bounds periods
    title_field: str  # the short text that names a row in lists and messages
    attachments: tuple[str, ...] = ()  # the purposes of the files its rows take (ATTACHMENT_PURPOSES)

    @property
    def title_key(self) -> str:
        return f"ledger.{self.kind}"

    @property
    def table_name(self) -> str:
        return self.model.__tablename__

    def field(self, name: str) -> LedgerField:
        return next(f for f in self.fields if f.name == name)

    @cached_property
    def steps(self) -> tuple[tuple[LedgerField, Callable[[Any], Any], bool], ...]:
        """(field, its conversion, whether it has limits to check), as ``validate`` walks them for every row."""
        return tuple((f, f.type.convert, _has_limits(f)) for f in self.fields)

    @property
    def choice_columns(self) -> dict[str, str]:
        """Column name → choice set, to show a list of this ledger's rows with labels."""
        return {f.name: f.choices for f in self.fields if f.choices}


_TITLE_WIDGETS = ("text", "textarea")

# What a file attached for each purpose may be, by its content (data_access.files recognises them).
ATTACHMENT_PURPOSES: dict[str, tuple[str, ...]] = {
    "minutes": ("pdf", "docx", "jpg", "png"),  # a scan or a photo of signed minutes too
    "report": ("pdf", "docx", "xlsx"),
    "publicity": ("pdf", "docx", "jpg", "png"),
    "photo": ("jpg", "png"),
    "approval": ("pdf", "docx", "jpg", "png"),
    "evidence": ("pdf", "docx", "xlsx", "jpg", "png"),
}

# Which files each ledger's rows take (DOMAIN.md: minutes go to the organisation department,
# outcomes are reports and publicity, visits and days are shown with photos, a leave is approved).
LEDGER_ATTACHMENTS: dict[str, tuple[str, ...]] = {
    "daily": ("photo",),
    "monthly": ("minutes",),
    "problem": ("evidence",),
    "outcome": ("report", "publicity"),
    "visit": ("photo",),
    "leave": ("approval",),
}


def _fields_of(model: type[LedgerBase]) -> tuple[LedgerField, ...]:
    found = []
    for column in model.__table__.columns:
        info = column.info
        if "widget" not in info:
            continue  # system columns: id, team, author, timestamps, version
        if info["widget"] not in FIELD_TYPES:
            raise ValueError(f"{model.__name__}.{column.name}: no field type {info['widget']!r} in FIELD_TYPES")
        found.append(
            LedgerField(
                name=column.name,
                widget=info["widget"],
                required=info["required"],
                choices=info["choices"],
                min_value=info["min_value"],
                max_length=info["max_length"],
                form_default=info["form_default"],
                default=model.model_fields[column.name].default,
                type=FIELD_TYPES[info["widget"]],
            )
        )
    return tuple(found)


def _spec(kind: str, model: type[LedgerBase]) -> LedgerSpec:
    fields = _fields_of(model)
    date_field = next(f.name for f in fields if f.widget == "date")
    texts = [f for f in fields if f.widget in _TITLE_WIDGETS]
    title_field = next((f.name for f in texts if f.required), texts[0].name)
    return LedgerSpec(kind, model, fields, date_field, title_field, LEDGER_ATTACHMENTS.get(kind, ()))


LEDGERS: dict[str, LedgerSpec] = {kind: _spec(kind, model) for kind, model in LEDGER_MODELS.items()}


# ---------------------------------------------------------------- validation


@dataclass(frozen=True)
class FieldError:
    field: str
    key: str  # catalogue key of the message
    params: dict = field(default_factory=dict)


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN from pandas
        return True
    return isinstance(value, str) and value.strip() == ""


def _has_limits(spec_field: LedgerField) -> bool:
    return bool(spec_field.choices) or spec_field.min_value is not None or spec_field.max_length is not None


def _check(spec_field: LedgerField, value: Any) -> FieldError | None:
    if spec_field.choices and value not in spec_field.options:
        return FieldError(spec_field.name, "validation.not_a_choice")
    if spec_field.min_value is not None and value < spec_field.min_value:
        return FieldError(spec_field.name, "validation.too_small", {"min": spec_field.min_value})
    if spec_field.max_length is not None and len(value) > spec_field.max_length:
        return FieldError(spec_field.name, "validation.too_long", {"max": spec_field.max_length})
    return None


def validate(spec: LedgerSpec, values: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """Clean values for every field of ``spec`` and the errors found; write only when no errors."""
    clean: dict[str, Any] = {}
    errors: list[FieldError] = []
    for spec_field, convert, limited in spec.steps:
        raw = values.get(spec_field.name)
        if raw is None or _is_blank(raw):
            if spec_field.required:
                errors.append(FieldError(spec_field.name, "validation.required"))
            clean[spec_field.name] = spec_field.type.blank
            continue
        try:
            value = convert(raw)
        except OutOfRange as problem:
            errors.append(FieldError(spec_field.name, "validation.too_big", {"max": f"{problem.limit:,}"}))
            continue
        except ValueError as problem:
            errors.append(FieldError(spec_field.name, str(problem)))
            continue
        error = _check(spec_field, value) if limited else None
        if error:
            errors.append(error)
        clean[spec_field.name] = value
    errors.extend(_cross_checks(spec.kind, clean))
    return clean, errors


def _cross_checks(kind: str, row: dict[str, Any]) -> list[FieldError]:
    """Rules that tie two fields together, in the words of the ledger's users."""
    errors = []

    def not_before(later: str, earlier: str) -> None:
        if row.get(later) and row.get(earlier) and row[later] < row[earlier]:
            errors.append(FieldError(later, "validation.before", {"other": f"field.{earlier}"}))

    if kind == "problem":
        not_before("deadline", "raised_on")
        not_before("resolved_on", "raised_on")
        not_before("first_action_on", "raised_on")
        not_before("escalated_on", "raised_on")
        if row.get("status") == "resolved" and not row.get("resolved_on"):
            errors.append(FieldError("resolved_on", "validation.resolved_needs_date"))
    elif kind == "thing":
        not_before("done_on", "promised_on")
        if row.get("status") == "done" and not row.get("done_on"):
            errors.append(FieldError("done_on", "validation.done_needs_date"))
    elif kind == "leave":
        not_before("end_date", "start_date")
    elif kind == "weekly":
        if row.get("week_start") and row["week_start"].weekday() != 0:
            errors.append(FieldError("week_start", "validation.not_monday"))
    elif kind == "risk":
        not_before("reported_on", "found_on")
    return errors


def form_default(spec_field: LedgerField, today: date, person_id: int | None) -> Any:
    """What a new row's field starts with: today, this week's Monday, me, or empty."""
    if spec_field.form_default == "today":
        return today
    if spec_field.form_default == "this_monday":
        return today - timedelta(days=today.weekday())
    if spec_field.form_default == "me":
        return person_id
    return spec_field.default
