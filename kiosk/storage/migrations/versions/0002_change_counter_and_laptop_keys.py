"""change counter, laptop keys, four-digit years

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 02:55:00.000000

- `change_counter`: one row, raised by triggers on every write to notes, clusters and tallies,
  so "changed since the export" never depends on a clock. An existing store starts at the sum
  of its revisions, which keeps every stored revision at or below the counter.
- `exchanges.changes` and `exchanges.laptop_key`; `laptop_keys`, the archive's pinned keys.
- Times written with a year below 1000 lost their leading zeros (`strftime("%Y")`); they are
  rewritten with four digits, so every stored time has one width and reads back.
"""

import sqlalchemy as sa
from alembic import op


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COUNTED = ("notes", "clusters", "tallies")
TIMES = {
    "events": ("created_at", "updated_at"),
    "exchanges": ("exported_at", "recorded_at"),
    "notes": ("created_at", "updated_at"),
    "clusters": ("created_at", "updated_at"),
    "tallies": ("updated_at",),
}


def upgrade() -> None:
    op.create_table(
        "change_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_counter")),
    )
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

    op.execute(
        "INSERT INTO change_counter (id, value) SELECT 1, "
        + " + ".join(f"(SELECT COALESCE(SUM(revision), 0) FROM {t})" for t in COUNTED)
    )
    for table in COUNTED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER count_{table}_{event.lower()} AFTER {event} ON {table} "
                "BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END"
            )
    for table, columns in TIMES.items():
        for column in columns:
            op.execute(
                f"UPDATE {table} SET {column} = printf('%04d', "
                f"CAST(substr({column}, 1, instr({column}, '-') - 1) AS INTEGER)) "
                f"|| substr({column}, instr({column}, '-')) "
                f"WHERE instr({column}, '-') BETWEEN 2 AND 4"
            )


def downgrade() -> None:
    for table in COUNTED:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS count_{table}_{event}")
    with op.batch_alter_table("exchanges", schema=None) as batch_op:
        batch_op.drop_column("laptop_key")
        batch_op.drop_column("changes")
    op.drop_table("laptop_keys")
    op.drop_table("change_counter")
