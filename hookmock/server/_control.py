"""The server's own endpoints: the world's state as JSON, a reset, and a dashboard.

They live under ``/_hookmock/`` (no S3 bucket name can start with an underscore)
and at ``GET /`` for requests that carry no AWS signature: a browser's, never an
SDK's (S3 ListBuckets is a signed ``GET /``).
"""

from __future__ import annotations

import html
import json
from typing import Any

from hookmock import backends
from hookmock._world import World

PREFIX = "/_hookmock/"

SHARED_ACCOUNT = "(all accounts)"
"""How state shared by every account (S3's bucket namespace) is labelled."""


def state(world: World, services: list[str]) -> dict[str, Any]:
    """The world's resources: service → account → region (or partition) → kind → names."""
    dump: dict[str, Any] = {}
    for name in services:
        per_account: dict[str, dict[str, Any]] = {}
        for backend in world.backends(name):
            resources = backend.resources()
            if not any(resources.values()):
                continue
            account = backend.account_id or SHARED_ACCOUNT
            per_account.setdefault(account, {})[backend.location] = resources
        dump[name] = dict(sorted(per_account.items()))
    return {
        "default_account": world.default_account_id,
        "services": dump,
    }


def state_json(world: World, services: list[str]) -> bytes:
    return json.dumps(state(world, services), indent=2).encode()


def dashboard(world: World, services: list[str], endpoint: str) -> bytes:
    """A page listing the world's resources per service, account and region."""
    dump = state(world, services)
    rows: list[str] = []
    for service, accounts in dump["services"].items():
        for account, locations in accounts.items():
            for location, kinds in sorted(locations.items()):
                for kind, names in kinds.items():
                    if not names:
                        continue
                    items = "".join(f"<li>{html.escape(n)}</li>" for n in names)
                    rows.append(
                        f"<tr><td>{html.escape(service)}</td><td>{html.escape(account)}</td>"
                        f"<td>{html.escape(location)}</td><td>{html.escape(kind)} "
                        f"({len(names)})</td><td><ul>{items}</ul></td></tr>"
                    )
    body = (
        "".join(rows)
        if rows
        else '<tr><td colspan="5">No resources yet: the world is empty.</td></tr>'
    )
    served = ", ".join(html.escape(s) for s in services)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hookmock</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ccc; padding: .3em .6em; vertical-align: top; text-align: left; }}
ul {{ margin: 0; padding-left: 1.2em; }}
</style></head>
<body>
<h1>hookmock</h1>
<p>Endpoint <code>{html.escape(endpoint)}</code> serving {served}.
Default account <code>{html.escape(dump["default_account"])}</code>.
State as JSON: <a href="{PREFIX}state">{PREFIX}state</a>;
<code>POST {PREFIX}reset</code> empties the world.</p>
<table><thead><tr><th>service</th><th>account</th><th>region</th><th>kind</th>
<th>names</th></tr></thead>
<tbody>{body}</tbody></table>
</body></html>
"""
    return page.encode()


def implemented_services() -> list[str]:
    return sorted(backends.SERVICES)
