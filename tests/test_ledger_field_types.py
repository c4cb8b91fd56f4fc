"""One entry per field type (data_access.ledgers.FIELD_TYPES) says how a value converts, how a
spreadsheet cell reads, and which widget edits it; every ledger field's type has all of them."""

from datetime import date

import pytest

from data_access.ledgers import FIELD_TYPES, LEDGERS
from ui.ledger_widgets import COLUMNS, INPUTS


def test_every_field_type_has_a_form_widget_and_a_grid_column():
    assert {t.input for t in FIELD_TYPES.values()} <= set(INPUTS)
    assert {t.column for t in FIELD_TYPES.values()} <= set(COLUMNS)
    used = {f.widget for spec in LEDGERS.values() for f in spec.fields}
    assert used <= set(FIELD_TYPES)


@pytest.mark.parametrize(
    ("kind", "cell", "stored"),
    [
        ("date", 44389, date(2021, 7, 12)),  # a day typed into a General cell: 2021-01-01 is day 44197, +192
        ("date", "2021年7月12日", date(2021, 7, 12)),
        ("date", "2021/7/12", date(2021, 7, 12)),
        ("int", "1,200", 1200),
        ("int", 30.0, 30),
        ("money", "1,200.50元", 1200.5),
        ("money", 99.999, 100.0),  # to the cent
        ("text", 2021.0, "2021"),  # a number Excel made of typed text, as the text it was
        ("text", date(2021, 7, 12), "2021-07-12"),
        ("textarea", "  走访企业  ", "走访企业"),
        ("bool", "是", True),
        ("bool", "否", False),
    ],
)
def test_a_spreadsheet_cell_becomes_the_value_stored(kind, cell, stored):
    field_type = FIELD_TYPES[kind]
    assert field_type.convert(field_type.from_cell(cell)) == stored


@pytest.mark.parametrize(("kind", "cell", "key"), [("int", "1e999", "validation.not_integer"), ("money", "nan", "validation.not_number")])
def test_infinite_and_not_a_number_cells_are_refused(kind, cell, key):
    field_type = FIELD_TYPES[kind]
    with pytest.raises(ValueError, match=key):
        field_type.convert(field_type.from_cell(cell))
