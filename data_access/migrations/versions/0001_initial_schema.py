"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 19:21:00.357248
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('local_org', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('is_young', sa.Boolean(), nullable=False),
    sa.Column('is_leader', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_name'), ['name'], unique=False)

    op.create_table('round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('doc_number', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('region_code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('setting',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('site',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('district_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('district_code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('city_code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('province_code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('profile', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_city_code'), ['city_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_site_district_code'), ['district_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_site_province_code'), ['province_code'], unique=False)

    op.create_table('work_calendar',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('is_workday', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('day')
    )
    op.create_table('deliverable',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('outcome_kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('deliverable', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deliverable_round_id'), ['round_id'], unique=False)

    op.create_table('evaluation_scheme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('evaluation_date', sa.Date(), nullable=True),
    sa.Column('top_band_cap', sa.Float(), nullable=True),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evaluation_scheme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_scheme_round_id'), ['round_id'], unique=False)

    op.create_table('leadership_role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_id', 'person_id')
    )
    with op.batch_alter_table('leadership_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leadership_role_round_id'), ['round_id'], unique=False)

    op.create_table('phase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_id', 'kind')
    )
    with op.batch_alter_table('phase', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phase_round_id'), ['round_id'], unique=False)

    op.create_table('team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('liaison_leader_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['liaison_leader_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_id', 'site_id')
    )
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_site_id'), ['site_id'], unique=False)

    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('session_epoch', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('daily_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('work_date', sa.Date(), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('content', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('enterprises_visited', sa.Integer(), nullable=False),
    sa.Column('workers_reached', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('daily_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_daily_record_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_daily_record_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index('ix_daily_team_date', ['team_id', 'work_date'], unique=False)

    op.create_table('funds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('item', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('funds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funds_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_funds_updated_at'), ['updated_at'], unique=False)

    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scheme_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('full_at', sa.Float(), nullable=True),
    sa.Column('zero_at', sa.Float(), nullable=True),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['scheme_id'], ['evaluation_scheme.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_scheme_id'), ['scheme_id'], unique=False)

    op.create_table('leader_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('leader_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('leader_visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leader_visit_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leader_visit_updated_at'), ['updated_at'], unique=False)

    op.create_table('leave',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('approved_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('leave', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leave_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leave_updated_at'), ['updated_at'], unique=False)

    op.create_table('major_risk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('found_on', sa.Date(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('risk_type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=True),
    sa.Column('reported_to', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('measures', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('acknowledged_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('major_risk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_major_risk_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_major_risk_updated_at'), ['updated_at'], unique=False)

    op.create_table('monthly_exchange',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('attendees', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('minutes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('problems_found', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('problems_solved', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('next_plan', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('minutes_submitted_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('monthly_exchange', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monthly_exchange_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monthly_exchange_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index('ix_monthly_team_date', ['team_id', 'meeting_date'], unique=False)

    op.create_table('outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('adopted_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_updated_at'), ['updated_at'], unique=False)

    op.create_table('practical_thing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('promised_on', sa.Date(), nullable=False),
    sa.Column('content', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('measures', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('beneficiaries', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('practical_thing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practical_thing_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_practical_thing_updated_at'), ['updated_at'], unique=False)

    op.create_table('problem',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('raised_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('handler', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('first_action_on', sa.Date(), nullable=True),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('resolution', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('escalated_to', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('escalated_on', sa.Date(), nullable=True),
    sa.Column('feedback', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('instruction', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('problem', schema=None) as batch_op:
        batch_op.create_index('ix_problem_category', ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_problem_team_id'), ['team_id'], unique=False)
        batch_op.create_index('ix_problem_team_status', ['team_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_problem_updated_at'), ['updated_at'], unique=False)

    op.create_table('rating_band',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scheme_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('min_score', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['scheme_id'], ['evaluation_scheme.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rating_band', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_band_scheme_id'), ['scheme_id'], unique=False)

    op.create_table('target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('metric', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_id', 'team_id', 'metric')
    )
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_target_team_id'), ['team_id'], unique=False)

    op.create_table('team_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_member_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_member_team_id'), ['team_id'], unique=False)

    op.create_table('union_building',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('industry', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('new_unions', sa.Integer(), nullable=False),
    sa.Column('new_members', sa.Integer(), nullable=False),
    sa.Column('nef_group', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('nef_members', sa.Integer(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('union_building', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_union_building_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_union_building_updated_at'), ['updated_at'], unique=False)

    op.create_table('visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('persons', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_updated_at'), ['updated_at'], unique=False)

    op.create_table('weekly_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('work_done', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('problems_found', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('next_plan', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('weekly_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_weekly_report_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_weekly_report_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index('ix_weekly_team_week', ['team_id', 'week_start'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('table_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=True),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('before', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('after', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_team_id'), ['team_id'], unique=False)
        batch_op.create_index('ix_audit_table_row', ['table_name', 'row_id'], unique=False)

    op.create_table('objective_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('score', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('indicator_id', 'team_id')
    )
    with op.batch_alter_table('objective_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objective_score_indicator_id'), ['indicator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_objective_score_team_id'), ['team_id'], unique=False)

    op.create_table('subjective_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('evaluator_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['evaluator_id'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('indicator_id', 'team_id', 'evaluator_id')
    )
    with op.batch_alter_table('subjective_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subjective_score_indicator_id'), ['indicator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subjective_score_team_id'), ['team_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('subjective_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subjective_score_team_id'))
        batch_op.drop_index(batch_op.f('ix_subjective_score_indicator_id'))

    op.drop_table('subjective_score')
    with op.batch_alter_table('objective_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objective_score_team_id'))
        batch_op.drop_index(batch_op.f('ix_objective_score_indicator_id'))

    op.drop_table('objective_score')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_table_row')
        batch_op.drop_index(batch_op.f('ix_audit_log_team_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
    with op.batch_alter_table('weekly_report', schema=None) as batch_op:
        batch_op.drop_index('ix_weekly_team_week')
        batch_op.drop_index(batch_op.f('ix_weekly_report_updated_at'))
        batch_op.drop_index(batch_op.f('ix_weekly_report_team_id'))

    op.drop_table('weekly_report')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_updated_at'))
        batch_op.drop_index(batch_op.f('ix_visit_team_id'))

    op.drop_table('visit')
    with op.batch_alter_table('union_building', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_union_building_updated_at'))
        batch_op.drop_index(batch_op.f('ix_union_building_team_id'))

    op.drop_table('union_building')
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_member_team_id'))
        batch_op.drop_index(batch_op.f('ix_team_member_person_id'))

    op.drop_table('team_member')
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_team_id'))
        batch_op.drop_index(batch_op.f('ix_target_round_id'))

    op.drop_table('target')
    with op.batch_alter_table('rating_band', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_band_scheme_id'))

    op.drop_table('rating_band')
    with op.batch_alter_table('problem', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problem_updated_at'))
        batch_op.drop_index('ix_problem_team_status')
        batch_op.drop_index(batch_op.f('ix_problem_team_id'))
        batch_op.drop_index('ix_problem_category')

    op.drop_table('problem')
    with op.batch_alter_table('practical_thing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practical_thing_updated_at'))
        batch_op.drop_index(batch_op.f('ix_practical_thing_team_id'))

    op.drop_table('practical_thing')
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_updated_at'))
        batch_op.drop_index(batch_op.f('ix_outcome_team_id'))

    op.drop_table('outcome')
    with op.batch_alter_table('monthly_exchange', schema=None) as batch_op:
        batch_op.drop_index('ix_monthly_team_date')
        batch_op.drop_index(batch_op.f('ix_monthly_exchange_updated_at'))
        batch_op.drop_index(batch_op.f('ix_monthly_exchange_team_id'))

    op.drop_table('monthly_exchange')
    with op.batch_alter_table('major_risk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_major_risk_updated_at'))
        batch_op.drop_index(batch_op.f('ix_major_risk_team_id'))

    op.drop_table('major_risk')
    with op.batch_alter_table('leave', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leave_updated_at'))
        batch_op.drop_index(batch_op.f('ix_leave_team_id'))

    op.drop_table('leave')
    with op.batch_alter_table('leader_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leader_visit_updated_at'))
        batch_op.drop_index(batch_op.f('ix_leader_visit_team_id'))

    op.drop_table('leader_visit')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_scheme_id'))

    op.drop_table('indicator')
    with op.batch_alter_table('funds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funds_updated_at'))
        batch_op.drop_index(batch_op.f('ix_funds_team_id'))

    op.drop_table('funds')
    with op.batch_alter_table('daily_record', schema=None) as batch_op:
        batch_op.drop_index('ix_daily_team_date')
        batch_op.drop_index(batch_op.f('ix_daily_record_updated_at'))
        batch_op.drop_index(batch_op.f('ix_daily_record_team_id'))

    op.drop_table('daily_record')
    op.drop_table('app_user')
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_site_id'))
        batch_op.drop_index(batch_op.f('ix_team_round_id'))

    op.drop_table('team')
    with op.batch_alter_table('phase', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phase_round_id'))

    op.drop_table('phase')
    with op.batch_alter_table('leadership_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leadership_role_round_id'))

    op.drop_table('leadership_role')
    with op.batch_alter_table('evaluation_scheme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_scheme_round_id'))

    op.drop_table('evaluation_scheme')
    with op.batch_alter_table('deliverable', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliverable_round_id'))

    op.drop_table('deliverable')
    op.drop_table('work_calendar')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_province_code'))
        batch_op.drop_index(batch_op.f('ix_site_district_code'))
        batch_op.drop_index(batch_op.f('ix_site_city_code'))

    op.drop_table('site')
    op.drop_table('setting')
    op.drop_table('round')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_name'))

    op.drop_table('person')
