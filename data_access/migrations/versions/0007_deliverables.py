"""deliverables with a workflow: a deliverable belongs to a phase; teams' submitted versions

Revision ID: 0007_deliverables
Revises: 0006_login_throttle
Create Date: 2026-12-04 19:00:06

Existing deliverables are put in their round's summary phase (seed 000 §5.4: they are due then).
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007_deliverables'
down_revision = '0006_login_throttle'
branch_labels = None
depends_on = None

PHASE_FK = 'fk_deliverable_phase_id_phase'


def upgrade() -> None:
    op.create_table('deliverable_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deliverable_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('mime', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('submitted_by', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('decision', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=True),
    sa.Column('reviewed_by', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['deliverable_id'], ['deliverable.id'], ),
    sa.ForeignKeyConstraint(['reviewed_by'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['submitted_by'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('deliverable_id', 'team_id', 'version')
    )
    with op.batch_alter_table('deliverable_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deliverable_submission_team_id'), ['team_id'], unique=False)

    with op.batch_alter_table('deliverable', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phase_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_deliverable_phase_id'), ['phase_id'], unique=False)
        batch_op.create_foreign_key(PHASE_FK, 'phase', ['phase_id'], ['id'])
    op.execute(
        "UPDATE deliverable SET phase_id = (SELECT phase.id FROM phase"
        " WHERE phase.round_id = deliverable.round_id AND phase.kind = 'summary')"
    )


def downgrade() -> None:
    with op.batch_alter_table('deliverable', schema=None) as batch_op:
        batch_op.drop_constraint(PHASE_FK, type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_deliverable_phase_id'))
        batch_op.drop_column('phase_id')

    with op.batch_alter_table('deliverable_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliverable_submission_team_id'))

    op.drop_table('deliverable_submission')
