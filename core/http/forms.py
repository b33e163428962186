"""``GET /forms/...``: the forms of ``imjapan forms`` as XLSX downloads, for IM Japan staff.

- ``/forms/audit-report/{audit}``: the audit report (省令様式第22号) of one audit;
- ``/forms/visit-record/{hostCompany}?month=YYYY-MM``: the visits of a month;
- ``/forms/host-companies``: the book of the host companies supervised.

Ids are row numbers or GraphQL global ids. The request signs in as ``/graphql``
does (``Authorization: Bearer <access token>``): 401 without a valid token, 403 for
a role other than IM Japan's, 404 for a row that does not exist, 400 for a bad id
or month. The writers are :mod:`core.services.forms`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime

from openpyxl import Workbook
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from core.auth.roles import Actor
from core.auth.tokens import InvalidToken
from core.db.session import Database
from core.errors import DomainValidationError
from core.ids import NotAnId, parse_id
from core.schema.ids import NotAGlobalId, decode_as
from core.services.accounts import authenticate
from core.services.forms.audit_report import audit_report
from core.services.forms.host_companies import host_companies_book
from core.services.forms.sheets import to_bytes
from core.services.forms.visit_record import visit_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BadRequest(ValueError):
    pass


def _key(value: str, type_name: str) -> int:
    try:
        key = parse_id(value)
    except NotAnId:
        try:
            key = decode_as(value, type_name)
        except NotAGlobalId:
            raise BadRequest(f"not an id of a {type_name}") from None
    if key is None:
        raise BadRequest(f"not an id of a {type_name}")
    return key


def _month(value: str | None) -> date:
    try:
        return datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        raise BadRequest("month: give the month as YYYY-MM") from None


class FormDownloads:
    """The download routes, signing in with the service's token secret."""

    def __init__(self, db: Database, token_secret: str) -> None:
        self.db = db
        self.token_secret = token_secret

    def routes(self) -> list[Route]:
        return [
            Route("/forms/audit-report/{audit}", self.audit_report, methods=["GET"]),
            Route("/forms/visit-record/{company}", self.visit_record, methods=["GET"]),
            Route("/forms/host-companies", self.host_companies, methods=["GET"]),
        ]

    async def audit_report(self, request: Request) -> Response:
        def build() -> Callable[[AsyncSession], Awaitable[Workbook]]:
            key = _key(request.path_params["audit"], "HostCompanyAudit")
            return lambda session: audit_report(session, key)

        return await self._serve(request, build, "audit-report")

    async def visit_record(self, request: Request) -> Response:
        def build() -> Callable[[AsyncSession], Awaitable[Workbook]]:
            key = _key(request.path_params["company"], "HostCompany")
            month = _month(request.query_params.get("month"))
            return lambda session: visit_record(session, key, month)

        return await self._serve(request, build, "visit-record")

    async def host_companies(self, request: Request) -> Response:
        return await self._serve(request, lambda: host_companies_book, "host-companies")

    async def _serve(
        self,
        request: Request,
        build: Callable[[], Callable[[AsyncSession], Awaitable[Workbook]]],
        name: str,
    ) -> Response:
        refused = await self._refusal(request.headers.get("authorization"))
        if refused is not None:
            return refused
        try:
            writer = build()
        except BadRequest as problem:
            return PlainTextResponse(str(problem), status_code=400)
        try:
            async with self.db.session() as session:
                book = await writer(session)
        except DomainValidationError as exc:
            return PlainTextResponse(exc.errors[0].message, status_code=404)
        return Response(
            to_bytes(book),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )

    async def _refusal(self, header: str | None) -> Response | None:
        scheme, _, token = (header or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return PlainTextResponse("sign in first: this needs an account", status_code=401)
        try:
            async with self.db.session() as session:
                actor: Actor = await authenticate(session, token.strip(), secret=self.token_secret)
        except InvalidToken:
            return PlainTextResponse(
                "the access token is not valid; refresh it or sign in", status_code=401
            )
        if not actor.is_im_japan:
            return PlainTextResponse("the forms are for IM Japan staff", status_code=403)
        return None
