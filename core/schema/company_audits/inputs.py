"""Inputs of the audits' and visits' mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.company_audits.types  # noqa: F401
from core.schema.derive import input_from
from core.services import company_audits


@input_from(
    company_audits.RecordAuditInput,
    ids={"interviewed_candidate_ids": "Candidate"},
)
class RecordHostCompanyAuditInput:
    """An audit of a host company, with the interns interviewed (each an intern of it)."""


@input_from(company_audits.RecordFollowUpInput, ids={"audit_id": "HostCompanyAudit"})
class RecordAuditFollowUpInput:
    """The follow-up of an audit's findings, and when the audit was reported to OTIT."""


@input_from(company_audits.RecordVisitInput, ids={"met_candidate_ids": "Candidate"})
class RecordGuidanceVisitInput:
    """A guidance visit to a host company, with the interns met."""
