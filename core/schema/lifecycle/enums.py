"""GraphQL enums of the lifecycle, over the domain enums (see core.schema.catalogue.types)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from core.domain import rules, states, titp
from core.screening import facts
from core.services import csv_import

if TYPE_CHECKING:
    CandidateStatus = states.Status
    Sex = rules.Sex
    EducationLevel = rules.EducationLevel
    JapaneseLevel = rules.JapaneseLevel
    TestKind = facts.TestKind
    Stage = titp.Stage
    SkillsTest = titp.SkillsTest
    ReturnOutcome = titp.ReturnOutcome
    ImportMode = csv_import.ImportMode
else:
    CandidateStatus = strawberry.enum(states.Status, name="CandidateStatus")
    Sex = strawberry.enum(rules.Sex, name="Sex")
    EducationLevel = strawberry.enum(rules.EducationLevel, name="EducationLevel")
    JapaneseLevel = strawberry.enum(rules.JapaneseLevel, name="JapaneseLevel")
    TestKind = strawberry.enum(facts.TestKind, name="TestKind")
    Stage = strawberry.enum(titp.Stage, name="Stage")
    SkillsTest = strawberry.enum(titp.SkillsTest, name="SkillsTest")
    ReturnOutcome = strawberry.enum(titp.ReturnOutcome, name="ReturnOutcome")
    ImportMode = strawberry.enum(csv_import.ImportMode, name="ImportMode")
