"""Authorization tokens for the registry: what ``docker login`` is given.

A token is ``base64("AWS:<password>")`` and is good for 12 hours of simulated time.
The tokens handed out are remembered so that the registry's own HTTP endpoints can
tell a token of this mock from a made-up one.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from pytest_ecsmock.services.base import BackendContext

TOKEN_LIFETIME = timedelta(hours=12)
USER = "AWS"


@dataclass(frozen=True)
class AuthorizationToken:
    token: str
    expires_at: datetime

    @property
    def password(self) -> str:
        return base64.b64decode(self.token).decode("ascii").split(":", 1)[1]


class Authorizations:
    def __init__(self, context: BackendContext) -> None:
        self.context = context
        self._issued: dict[str, AuthorizationToken] = {}

    def issue(self) -> AuthorizationToken:
        expires_at = self.context.clock.now() + TOKEN_LIFETIME
        payload = {
            "payload": self.context.ids.alnum(96),
            "datakey": self.context.ids.alnum(48),
            "version": "2",
            "type": "DATA_KEY",
            "expiration": int(expires_at.timestamp()),
        }
        password = base64.b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode(
            "ascii"
        )
        token = base64.b64encode(f"{USER}:{password}".encode()).decode("ascii")
        issued = AuthorizationToken(token, expires_at)
        self._issued[token] = issued
        return issued

    def is_valid(self, token: str) -> bool:
        """Whether ``token`` (as in ``Authorization: Basic <token>``) was issued here and
        has not expired on the simulated clock."""
        issued = self._issued.get(token)
        return issued is not None and self.context.clock.now() < issued.expires_at
