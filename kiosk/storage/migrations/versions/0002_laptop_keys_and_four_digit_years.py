"""laptop keys, change counts of exchanges, four-digit years

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 02:55:00.000000

- `exchanges.changes` (the store's change count at an export: the sum of its revisions) and
  `exchanges.laptop_key`; `laptop_keys`, the archive's pinned signing keys per table.
- Times written with a year below 1000 lost their leading zeros (`strftime("%Y")`); they are
  rewritten with four digits, so every stored time has one width and reads back.
"""

import sqlalchemy as sa
from alembic import op


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TIMES = {
    "events": ("created_at", "updated_at"),
    "exchanges": ("exported_at", "recorded_at"),
    "notes": ("created_at", "updated_at"),
    "clusters": ("created_at", "updated_at"),
    "tallies": ("updated_at",),
}


def upgrade() -> None:
    op.create_table(
        "laptop_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=80), nullable=False),
        sa.Column("table_number", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.String(length=80), nullable=False),
        sa.Column("accepted_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_laptop_keys")),
        sa.UniqueConstraint(
            "event_id",
            "table_number",
            "public_key",
            name=op.f("uq_laptop_keys_event_id_table_number_public_key"),
        ),
    )
    with op.batch_alter_table("exchanges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("changes", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("laptop_key", sa.String(length=80), nullable=True))

    if op.get_bind().dialect.name != "sqlite":
        return  # a server archive is newer than the short years: only SQLite files have them
    for table, columns in TIMES.items():
        for column in columns:
            op.execute(
                f"UPDATE {table} SET {column} = printf('%04d', "
                f"CAST(substr({column}, 1, instr({column}, '-') - 1) AS INTEGER)) "
                f"|| substr({column}, instr({column}, '-')) "
                f"WHERE instr({column}, '-') BETWEEN 2 AND 4"
            )


def downgrade() -> None:
    with op.batch_alter_table("exchanges", schema=None) as batch_op:
        batch_op.drop_column("laptop_key")
        batch_op.drop_column("changes")
    op.drop_table("laptop_keys")
