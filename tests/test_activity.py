"""The data version the pages' cache is keyed on: the newest audit id, new after every write."""

from sqlalchemy import insert

from data_access.activity import data_version
from data_access.models import AuditLog, utcnow


def test_the_data_version_is_the_newest_audit_id(engine):
    before = data_version(engine)
    with engine.begin() as connection:
        first = connection.execute(insert(AuditLog).values(action="update", table_name="team", at=utcnow())).inserted_primary_key[0]
        second = connection.execute(insert(AuditLog).values(action="update", table_name="team", at=utcnow())).inserted_primary_key[0]
    assert before < first < second
    assert data_version(engine) == second
