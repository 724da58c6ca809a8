"""maintenance series: windows announced together remember their series

Revision ID: 0007_maintenance_series
Revises: 0006_production
Create Date: 2026-11-22 04:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_maintenance_series'
down_revision = '0006_production'
branch_labels = None
depends_on = None


def upgrade():
    # Existing windows get no series (NULL): which ones were announced together is not known.
    with op.batch_alter_table('maintenance_window', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_maintenance_window_series_id'), ['series_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('maintenance_window', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_maintenance_window_series_id'))
        batch_op.drop_column('series_id')
