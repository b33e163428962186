"""GraphQL enums over the core domain enums. Plugins cannot extend them.

``strawberry.enum`` returns the class it is given, so the domain enums are the
GraphQL enums; type checkers see them as the plain domain classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from core.domain import contracts, rules

if TYPE_CHECKING:
    AgencyRole = contracts.AgencyRole
    CohortTerm = contracts.CohortTerm
    Payer = contracts.Payer
    BoardLevel = contracts.BoardLevel
    ProgrammeKind = contracts.ProgrammeKind
    RuleKind = rules.RuleKind
    Evidence = contracts.Evidence
else:
    AgencyRole = strawberry.enum(contracts.AgencyRole, name="AgencyRole")
    CohortTerm = strawberry.enum(contracts.CohortTerm, name="CohortTerm")
    Payer = strawberry.enum(contracts.Payer, name="Payer")
    BoardLevel = strawberry.enum(contracts.BoardLevel, name="BoardLevel")
    ProgrammeKind = strawberry.enum(contracts.ProgrammeKind, name="ProgrammeKind")
    RuleKind = strawberry.enum(rules.RuleKind, name="RuleKind")
    Evidence = strawberry.enum(contracts.Evidence, name="Evidence")
