"""add fines

Revision ID: 7c2e91d4a0b3
Revises: 1f04b6e8c5d2
"""
import sqlalchemy as sa
from alembic import op

revision = "7c2e91d4a0b3"
down_revision = "1f04b6e8c5d2"


def upgrade():
    op.create_table(
        "fine",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("loan_id", sa.Integer, sa.ForeignKey("loan.id"), nullable=False),
        sa.Column("amount_cents", sa.Integer, nullable=False),
        sa.Column("public_id", sa.String(36), nullable=False, server_default="46df1357-07aa-475a-aad9-a4a1ddd3ef46"),
    )


def downgrade():
    op.drop_table("fine")
