"""figure indexes: daily records covered for compliance; every ledger by team and last change

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 21:40:00
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

LEDGER_TABLES = (
    'daily_record', 'weekly_report', 'monthly_exchange', 'problem', 'practical_thing', 'union_building',
    'major_risk', 'outcome', 'visit', 'leave', 'funds', 'leader_visit',
)


def upgrade() -> None:
    with op.batch_alter_table('daily_record', schema=None) as batch_op:
        batch_op.drop_index('ix_daily_team_date')
        batch_op.create_index('ix_daily_team_date_live', ['team_id', 'work_date', 'deleted_at'], unique=False)
    for table in LEDGER_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_updated_at')
            batch_op.create_index(f'ix_{table}_team_updated', ['team_id', 'updated_at'], unique=False)


def downgrade() -> None:
    for table in LEDGER_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_team_updated')
            batch_op.create_index(f'ix_{table}_updated_at', ['updated_at'], unique=False)
    with op.batch_alter_table('daily_record', schema=None) as batch_op:
        batch_op.drop_index('ix_daily_team_date_live')
        batch_op.create_index('ix_daily_team_date', ['team_id', 'work_date'], unique=False)
