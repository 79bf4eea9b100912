"""an index of exchanges by event and table

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 04:05:00.000000

Every merge asks for the largest change count of its table's laptop merged before
(`kiosk.exchange.merge.check_laptop`); without this index that read every exchange the
archive ever recorded, a scan growing with each event.
"""

from alembic import op


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_exchanges_event_id_table_number", "exchanges", ["event_id", "table_number"]
    )


def downgrade() -> None:
    op.drop_index("ix_exchanges_event_id_table_number", table_name="exchanges")
