"""Transfers (転籍) of ESD workers to another employer and their employment history
(reference section 4; issue 14 item 5).

The checks are :mod:`core.services.transfer_checks`; here the ``transferCheck`` query's
service, the move (``transferWorker``: refused on the first failing check, nothing
written; accepted, the current employment ends, the next begins and the transfer keeps
its checks and repayment with the rule versions read), the scope of transfers and the
lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pydantic import Field
from sqlalchemy import ColumnElement, false, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, Employment, HostCompany, Transfer
from core.domain.esd import WORK_CATEGORY_CODE, TransferArranger, TransferReason
from core.domain.states import Step, require_step
from core.errors import DomainValidationError, ErrorCode
from core.services.dates import HappenedOn
from core.services.fees import AMOUNT
from core.services.inputs import Input, RowId
from core.services.lookups import get_candidate, get_or_refuse
from core.services.pages import Listing, column_order
from core.services.transfer_checks import (
    FIELD_OF_CHECK,
    Decision,
    Request,
    TransferCheckKind,
    decide,
)


async def check_transfer(
    *, session: AsyncSession, scope: Scope, request: Request
) -> Decision | None:
    """The checks of a transfer as they stand (the ``transferCheck`` query); None when
    the candidate is not in ``scope`` or the receiving company does not exist (a lookup
    answers null for them, as for any id with no row)."""
    found = await session.exec(
        select(Candidate).where(col(Candidate.id) == request.candidate_id, *scope.candidates())
    )
    candidate = found.first()
    company = await session.get(HostCompany, request.to_host_company_id)
    if candidate is None or company is None:
        return None
    return await decide(session, candidate, request)


class TransferWorkerInput(Input):
    """A transfer of an ESD worker to another employer, at the worker's wish or for an
    unavoidable reason."""

    candidate_id: RowId
    to_host_company_id: RowId
    reason: TransferReason
    unavoidable_reason: str | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        description="Why, for an unavoidable transfer (required then).",
    )
    arranged_by: TransferArranger
    transfers_on: HappenedOn
    work_category_code: str | None = Field(
        default=None,
        max_length=40,
        pattern=WORK_CATEGORY_CODE,
        description="The work category at the receiving company; the current one when "
        "left out (a transfer at the worker's wish keeps it).",
    )
    actual_costs: str = Field(
        default="0",
        pattern=AMOUNT,
        description="The first employer's actual initial costs (travel...), yen, a decimal "
        "string: added to the standard amount as tangible costs.",
    )

    def request(self) -> Request:
        return Request(
            candidate_id=self.candidate_id,
            to_host_company_id=self.to_host_company_id,
            reason=self.reason,
            arranged_by=self.arranged_by,
            transfers_on=self.transfers_on,
            unavoidable_reason=self.unavoidable_reason,
            work_category_code=self.work_category_code,
            actual_costs=Decimal(self.actual_costs),
        )


async def transfer_worker(
    *, session: AsyncSession, scope: Scope, data: TransferWorkerInput, actor: str | None
) -> Transfer:
    """Move the worker when every check passes: the current employment ends on the day,
    a new one begins (same work category, linked to the transfer), the candidate's host
    company changes and the transfer keeps its checks and repayment. Refused on the
    first failing check's input field, with its explanation; nothing is written then."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    assert candidate.id is not None
    require_step(candidate.status, Step.TRANSFER)
    await get_or_refuse(
        session, HostCompany, data.to_host_company_id, field="toHostCompanyId", label="host company"
    )
    decision = await decide(session, candidate, data.request())
    failed = decision.first_failure()
    if failed is not None:
        no_employment = decision.employment is None
        raise DomainValidationError.single(
            "candidateId" if no_employment else FIELD_OF_CHECK[failed.check],
            failed.message,
            ErrorCode.NOT_ALLOWED_STATE
            if failed.check is TransferCheckKind.STATUS
            else ErrorCode.INVALID,
        )
    employment = decision.employment
    assert employment is not None and decision.work_category_code is not None
    repaid = decision.repayment
    value = repaid.value if repaid else None
    row = Transfer(
        candidate_id=candidate.id,
        from_host_company_id=employment.host_company_id,
        to_host_company_id=data.to_host_company_id,
        reason=data.reason.value,
        unavoidable_reason=data.unavoidable_reason,
        arranged_by=data.arranged_by.value,
        transfers_on=data.transfers_on,
        served_from=employment.started_on,
        checks=[outcome.stored() for outcome in decision.outcomes]
        + ([repaid.stored()] if repaid else []),
        repayment_total=value.total if value else None,
        repayment_amount=value.amount if value else None,
        repayment_share_numerator=value.share.numerator if value else None,
        repayment_share_denominator=value.share.denominator if value else None,
        recorded_by=actor,
    )
    session.add(row)
    await session.flush()
    employment.ended_on = data.transfers_on
    session.add(employment)
    session.add(
        Employment(
            candidate_id=candidate.id,
            host_company_id=data.to_host_company_id,
            work_category_code=decision.work_category_code,
            started_on=data.transfers_on,
            transfer_id=row.id,
        )
    )
    candidate.host_company_id = data.to_host_company_id
    session.add(candidate)
    await session.flush()
    return row


def in_scope(scope: Scope) -> list[ColumnElement[bool]]:
    """IM Japan sees every transfer; a ministry or embassy those of the nationals it
    sees; a host company those from or to it."""
    if scope.nothing:
        return [false()]
    if scope.host_company_id is not None:
        return [
            or_(
                col(Transfer.from_host_company_id) == scope.host_company_id,
                col(Transfer.to_host_company_id) == scope.host_company_id,
            )
        ]
    conditions = scope.candidates()
    if not conditions:
        return []
    return [col(Transfer.candidate_id).in_(select(col(Candidate.id)).where(*conditions))]


def listing(
    scope: Scope, *, candidate_id: int | None = None, host_company_id: int | None = None
) -> Listing[Transfer]:
    """The transfers in ``scope`` (of a worker, from or to a company), by day then id."""
    conditions = in_scope(scope)
    if candidate_id is not None:
        conditions.append(col(Transfer.candidate_id) == candidate_id)
    if host_company_id is not None:
        conditions.append(
            or_(
                col(Transfer.from_host_company_id) == host_company_id,
                col(Transfer.to_host_company_id) == host_company_id,
            )
        )
    return Listing(
        name="esd_transfer",
        statement=select(Transfer).where(*conditions),
        order=column_order("transfers", col(Transfer.transfers_on), col(Transfer.id)),
    )


def employments_in_scope(scope: Scope) -> list[ColumnElement[bool]]:
    """A worker's employment history is seen with the worker; a host company also sees
    the history of the workers it employed before they moved on."""
    if scope.nothing:
        return [false()]
    conditions = scope.candidates()
    if not conditions:
        return []
    seen = col(Employment.candidate_id).in_(select(col(Candidate.id)).where(*conditions))
    if scope.host_company_id is None:
        return [seen]
    employed = col(Employment.candidate_id).in_(
        select(col(Employment.candidate_id)).where(
            col(Employment.host_company_id) == scope.host_company_id
        )
    )
    return [or_(seen, employed)]


EMPLOYMENTS_BOUND = 100
"""A worker has a few employments (one per transfer in a 3-4 year period): the plain
list is cut here all the same."""


async def employment_history(
    *, session: AsyncSession, scope: Scope, candidate_id: int
) -> Sequence[Employment]:
    """The worker's employments, oldest first (the history transfers keep)."""
    found = await session.exec(
        select(Employment)
        .where(col(Employment.candidate_id) == candidate_id, *employments_in_scope(scope))
        .order_by(col(Employment.started_on), col(Employment.id))
        .limit(EMPLOYMENTS_BOUND)
    )
    return found.all()
