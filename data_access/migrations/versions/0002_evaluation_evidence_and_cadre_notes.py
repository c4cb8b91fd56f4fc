"""evaluation evidence and cadre notes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 21:22:20.163020
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cadre_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_id', 'person_id')
    )
    with op.batch_alter_table('cadre_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cadre_note_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cadre_note_round_id'), ['round_id'], unique=False)

    with op.batch_alter_table('objective_score', schema=None) as batch_op:
        batch_op.add_column(sa.Column('numerator', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('denominator', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('computed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('objective_score', schema=None) as batch_op:
        batch_op.drop_column('computed_at')
        batch_op.drop_column('denominator')
        batch_op.drop_column('numerator')

    with op.batch_alter_table('cadre_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cadre_note_round_id'))
        batch_op.drop_index(batch_op.f('ix_cadre_note_person_id'))

    op.drop_table('cadre_note')
