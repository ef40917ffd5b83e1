"""The ``users`` table: accounts made at the center, copied to desks as hashes only.

``password_hash`` is an scrypt string (hotline.passwords) a desk verifies offline. ``sip_ha1`` is
MD5(sip_user:realm:password) for Kamailio's digest check; it lives at the center only: the sync
payload leaves it out, so on a desk it is always NULL (the desk registers with the password the
person just typed). Migration 0005 creates exactly this table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base, Id


class UserRow(Base):
    """One account (hotline.accounts.Account) with its secrets."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80), default="")
    role: Mapped[str] = mapped_column(String(24))
    unit_id: Mapped[str | None] = mapped_column(Id)
    sip_user: Mapped[str | None] = mapped_column(String(16), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    sip_ha1: Mapped[str | None] = mapped_column(String(32))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
