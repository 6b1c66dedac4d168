"""v2: scenarios can be archived; a workshop can let participants see each submission.

Existing scenarios become "not archived" and existing sessions "aggregate only".

Revision ID: 0002_archive_visibility
Revises: 0001_initial
Create Date: 2025-01-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_archive_visibility"
down_revision: str | Sequence[str] | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite supports it with a constant default): no table is rebuilt.
    op.add_column("scenarios", sa.Column("archived", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column(
        "workshop_sessions",
        sa.Column("reveal_individual", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("workshop_sessions") as batch:
        batch.drop_column("reveal_individual")
    with op.batch_alter_table("scenarios") as batch:
        batch.drop_column("archived")
