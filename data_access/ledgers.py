"""One description per ledger kind, read from its model's columns.

The entry form, the quick-edit grid, the import template and the export sheet
are all built from ``LEDGERS``: adding a field to a ledger means adding one
``ledger_field`` column to its model (and a migration).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from data_access.choices import CHOICES
from data_access.models import LEDGER_MODELS, LedgerBase


@dataclass(frozen=True)
class LedgerField:
    name: str
    widget: str  # date | text | textarea | int | money | choice | person | bool
    required: bool
    choices: str | None
    min_value: float | None
    max_length: int | None
    form_default: str | None
    default: Any  # the model's default, for a new row without a form default

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

    @property
    def title_key(self) -> str:
        return f"ledger.{self.kind}"

    @property
    def table_name(self) -> str:
        return self.model.__tablename__

    def field(self, name: str) -> LedgerField:
        return next(f for f in self.fields if f.name == name)

    @property
    def choice_columns(self) -> dict[str, str]:
        """Column name → choice set, to show a list of this ledger's rows with labels."""
        return {f.name: f.choices for f in self.fields if f.choices}


_TITLE_WIDGETS = ("text", "textarea")


def _fields_of(model: type[LedgerBase]) -> tuple[LedgerField, ...]:
    found = []
    for column in model.__table__.columns:
        info = column.info
        if "widget" not in info:
            continue  # system columns: id, team, author, timestamps, version
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
            )
        )
    return tuple(found)


def _spec(kind: str, model: type[LedgerBase]) -> LedgerSpec:
    fields = _fields_of(model)
    date_field = next(f.name for f in fields if f.widget == "date")
    texts = [f for f in fields if f.widget in _TITLE_WIDGETS]
    title_field = next((f.name for f in texts if f.required), texts[0].name)
    return LedgerSpec(kind, model, fields, date_field, title_field)


LEDGERS: dict[str, LedgerSpec] = {kind: _spec(kind, model) for kind, model in LEDGER_MODELS.items()}


# ---------------------------------------------------------------- validation


@dataclass(frozen=True)
class FieldError:
    field: str
    key: str  # catalogue key of the message
    params: dict = field(default_factory=dict)


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    for suffix in ("日",):
        text = text.removesuffix(suffix)
    text = text.replace("年", "-").replace("月", "-")
    return date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN from pandas
        return True
    return isinstance(value, str) and value.strip() == ""


def _convert(spec_field: LedgerField, value: Any) -> Any:
    """Turn user input into the column's type; ValueError names the catalogue key."""
    widget = spec_field.widget
    if widget == "date":
        try:
            return _parse_date(value)
        except (ValueError, TypeError):
            raise ValueError("validation.bad_date") from None
    if widget in ("int", "person"):
        try:
            number = float(value)
            whole = int(number)
        except (ValueError, TypeError, OverflowError):  # OverflowError: "inf" from a spreadsheet
            raise ValueError("validation.not_integer") from None
        if number != whole:
            raise ValueError("validation.not_integer") from None
        return whole
    if widget == "money":
        try:
            number = float(value)
        except (ValueError, TypeError):
            raise ValueError("validation.not_number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError("validation.not_number") from None
        return round(number, 2)
    if widget == "bool":
        return bool(value)
    return str(value).strip()


def _check(spec_field: LedgerField, value: Any) -> FieldError | None:
    if spec_field.choices and value not in spec_field.options:
        return FieldError(spec_field.name, "validation.not_a_choice")
    if spec_field.min_value is not None and value < spec_field.min_value:
        return FieldError(spec_field.name, "validation.too_small", {"min": spec_field.min_value})
    if spec_field.max_length is not None and len(value) > spec_field.max_length:
        return FieldError(spec_field.name, "validation.too_long", {"max": spec_field.max_length})
    return None


def _empty_value(spec_field: LedgerField) -> Any:
    if spec_field.widget in ("int", "money"):
        return 0
    if spec_field.widget in ("date", "person"):
        return None
    return ""


def validate(spec: LedgerSpec, values: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """Clean values for every field of ``spec`` and the errors found; write only when no errors."""
    clean: dict[str, Any] = {}
    errors: list[FieldError] = []
    for spec_field in spec.fields:
        raw = values.get(spec_field.name)
        if _is_blank(raw):
            if spec_field.required:
                errors.append(FieldError(spec_field.name, "validation.required"))
            clean[spec_field.name] = _empty_value(spec_field)
            continue
        try:
            value = _convert(spec_field, raw)
        except ValueError as problem:
            errors.append(FieldError(spec_field.name, str(problem)))
            continue
        error = _check(spec_field, value)
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
        not_before("resolved_on", "raised_on")
        not_before("first_action_on", "raised_on")
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
