"""leave.person_id references person: a leave is always some real person's

Revision ID: 0005_leave_person_fk
Revises: 0004_attachments
Create Date: 2026-12-04 19:20:00

A leave recorded before this revision may name a person id that no person row holds (nothing
checked it). Such a leave is kept as it was: the upgrade adds a person row under that very id,
named so the office sees it (未知人员（编号 N）) and can correct the leave, and logs each one.
"""
import logging

import sqlalchemy as sa
from alembic import op


revision = '0005_leave_person_fk'
down_revision = '0004_attachments'
branch_labels = None
depends_on = None

FK_NAME = 'fk_leave_person_id_person'
log = logging.getLogger('alembic.runtime.migration')


def _keep_orphans() -> None:
    bind = op.get_bind()
    orphans = bind.execute(
        sa.text('SELECT DISTINCT person_id FROM leave WHERE person_id NOT IN (SELECT id FROM person) ORDER BY person_id')
    ).scalars().all()
    person = sa.table(
        'person', sa.column('id'), sa.column('name'), sa.column('department'), sa.column('origin'),
        sa.column('local_org'), sa.column('is_young'), sa.column('is_leader'),
    )
    for person_id in orphans:
        log.warning('leave names person %s, who does not exist: added as an unknown person to keep the leave', person_id)
        op.execute(person.insert().values(
            id=person_id, name=f'未知人员（编号 {person_id}）', department='', origin='office',
            local_org='', is_young=False, is_leader=False,
        ))
    if orphans and bind.dialect.name == 'postgresql':  # ids written by hand: the sequence goes past them
        op.execute("SELECT setval(pg_get_serial_sequence('person', 'id'), (SELECT max(id) FROM person))")


def upgrade() -> None:
    _keep_orphans()
    with op.batch_alter_table('leave', schema=None) as batch_op:
        batch_op.create_foreign_key(FK_NAME, 'person', ['person_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('leave', schema=None) as batch_op:
        batch_op.drop_constraint(FK_NAME, type_='foreignkey')
