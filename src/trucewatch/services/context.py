"""Who is acting, and through which interface: every service write records both."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Caller:
    user: str
    interface: str  # cli | api | web | import | pipeline

    @classmethod
    def cli(cls) -> Caller:
        import getpass

        try:
            user = getpass.getuser()
        except Exception:  # noqa: BLE001 - no login name in some containers
            user = "unknown"
        return cls(user=user, interface="cli")


SYSTEM = Caller(user="system", interface="import")
