"""Development page for the file email backend: the `.eml` files under `<data_dir>/mail/`."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from html import escape
from pathlib import Path
from typing import cast

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from jobs.storage import asset_url
from skyport.runtime import is_loopback
from skyport.settings import Settings

_NAME = re.compile(r"^[\w.-]+\.eml$")
_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="icon" href="{icon}" type="image/svg+xml">
<style>body{{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}}
table{{border-collapse:collapse;width:100%}}td,th{{text-align:left;padding:.3rem .6rem;
border-bottom:1px solid #ddd}}iframe{{width:100%;height:70vh;border:1px solid #ccc}}
pre{{white-space:pre-wrap;background:#f6f6f6;padding:1rem}}</style></head>
<body><h1>{title}</h1>{body}</body></html>"""


def _read(path: Path) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


def _body(message: EmailMessage, kind: str) -> str:
    part = message.get_body(preferencelist=(kind,))
    return cast(EmailMessage, part).get_content() if part is not None else ""


def _from_this_machine(request: Request) -> None:
    """The mailbox holds every customer's emails (names, references, reset links): it answers
    browsers on this machine only, whatever interface the portal listens on."""
    host = request.client.host if request.client else ""
    if not is_loopback(host):
        raise HTTPException(404)


def dev_email_routes(settings: Settings) -> list[BaseRoute]:
    """Routes to mount at `/dev/emails`: a list of sent emails, newest first, and one view each."""
    mail_dir = settings.data_dir / "mail"
    icon = escape(asset_url(settings.static_url, "favicon.svg"))

    def path_of(name: str) -> Path:
        path = mail_dir / name
        if not _NAME.match(name) or not path.is_file():
            raise HTTPException(404, "no such email")
        return path

    async def index(request: Request) -> HTMLResponse:
        _from_this_machine(request)
        files = sorted(mail_dir.glob("*.eml"), reverse=True) if mail_dir.is_dir() else []
        rows = []
        for path in files:
            message = _read(path)
            url = request.url_for("dev_email", name=path.name)
            subject = escape(str(message["Subject"] or "(no subject)"))
            rows.append(
                f"<tr><td>{escape(str(message['Date'] or ''))}</td>"
                f"<td>{escape(str(message['To'] or ''))}</td>"
                f'<td><a href="{url}">{subject}</a></td></tr>'
            )
        body = (
            f"<p>{len(files)} emails in <code>{escape(str(mail_dir))}</code></p>"
            "<table><tr><th>Date</th><th>To</th><th>Subject</th></tr>" + "".join(rows) + "</table>"
        )
        return HTMLResponse(_PAGE.format(title="Sent emails", icon=icon, body=body))

    async def show(request: Request) -> HTMLResponse:
        _from_this_machine(request)
        name = request.path_params["name"]
        message = _read(path_of(name))
        attachments = [
            f"<li>{escape(part.get_filename() or 'attachment')} ({part.get_content_type()})</li>"
            for part in message.iter_attachments()
        ]
        body = (
            f'<p><a href="{request.url_for("dev_emails")}">All emails</a> · '
            f'<a href="{request.url_for("dev_email_raw", name=name)}">raw .eml</a></p>'
            f"<p><b>From:</b> {escape(str(message['From']))}<br><b>To:</b> "
            f"{escape(str(message['To']))}<br><b>Date:</b> {escape(str(message['Date']))}</p>"
            f"<ul>{''.join(attachments)}</ul>"
            f'<iframe sandbox srcdoc="{escape(_body(message, "html"))}"></iframe>'
            f"<h2>Text</h2><pre>{escape(_body(message, 'plain'))}</pre>"
        )
        return HTMLResponse(
            _PAGE.format(title=escape(str(message["Subject"])), icon=icon, body=body)
        )

    async def raw(request: Request) -> Response:
        _from_this_machine(request)
        path = path_of(request.path_params["name"])
        return Response(path.read_bytes(), media_type="message/rfc822")

    return [
        Route("/", index, name="dev_emails"),
        Route("/{name}", show, name="dev_email"),
        Route("/{name}/raw", raw, name="dev_email_raw"),
    ]
