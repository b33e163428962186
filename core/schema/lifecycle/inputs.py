"""GraphQL input types of the lifecycle mutations, derived from the service inputs.

Each input is the service model it is validated into, made optional field by
field (:func:`core.schema.derive.input_from`): the fields, their types and
their descriptions are declared once, in ``core.services``.
"""

from __future__ import annotations

import core.schema.catalogue.types
import core.schema.lifecycle.enums  # noqa: F401
from core.schema.derive import input_from
from core.services import calls, candidates, csv_import, dispatch, screening, training


@input_from(calls.CriterionAdjustment)
class CriterionAdjustmentInput:
    pass


@input_from(calls.CreateCallInput)
class CreateRecruitmentCallInput:
    """Open a recruitment call; criteria start from the country's rules."""


@input_from(calls.UpdateCriteriaInput)
class UpdateCallCriteriaInput:
    """Change a call's criteria; decisions already made keep theirs."""


@input_from(candidates.RegisterCandidateInput)
class RegisterCandidateInput:
    pass


@input_from(csv_import.ImportRequest)
class ImportCandidatesInput:
    """Candidates from a ministry's CSV file (header line first)."""


@input_from(screening.RecordTestResultInput)
class RecordTestResultInput:
    pass


@input_from(screening.ScreenCandidateInput)
class ScreenCandidateInput:
    pass


@input_from(training.PhaseInput)
class CohortPhaseInput:
    pass


@input_from(training.CreateCohortInput)
class CreateTrainingCohortInput:
    """A cohort; phases default to the country's, laid end to end."""


@input_from(training.EnrolInput)
class EnrolCandidateInput:
    pass


@input_from(training.RecordTrainingResultInput)
class RecordTrainingResultInput:
    pass


@input_from(training.CompleteTrainingInput)
class CompleteTrainingInput:
    pass


@input_from(dispatch.CreateHostCompanyInput)
class CreateHostCompanyInput:
    pass


@input_from(dispatch.DispatchInput)
class DispatchCandidateInput:
    pass


@input_from(dispatch.AdvanceStageInput)
class AdvanceStageInput:
    pass


@input_from(dispatch.RecordReturnInput)
class RecordReturnInput:
    pass


@input_from(dispatch.WithdrawInput)
class WithdrawCandidateInput:
    pass
