"""GraphQL enums over the core domain enums. Plugins cannot extend them."""

from __future__ import annotations

import strawberry

from core.domain import contracts, rules

AgencyRole = strawberry.enum(contracts.AgencyRole, name="AgencyRole")
CohortTerm = strawberry.enum(contracts.CohortTerm, name="CohortTerm")
Payer = strawberry.enum(contracts.Payer, name="Payer")
BoardLevel = strawberry.enum(contracts.BoardLevel, name="BoardLevel")
ProgrammeKind = strawberry.enum(contracts.ProgrammeKind, name="ProgrammeKind")
RuleKind = strawberry.enum(rules.RuleKind, name="RuleKind")
