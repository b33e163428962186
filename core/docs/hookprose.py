"""The hand-written parts of docs/plugin-hooks.md: its introduction and examples."""

INTRODUCTION = """
# Plugin hooks

<!-- Generated from core/plugins/hookspecs.py and core/plugin_api.py by
     `imjapan docs hooks -o docs/plugin-hooks.md`. Edit the docstrings (or the text
     in core/docs/docgen.py), not this file: a test fails when the two differ. -->

A country plugin implements some of these hooks with `@hookimpl`
(`from core.plugin_api import hookimpl`; `from core import hookimpl` is the old
spelling and still works). Everything a plugin imports comes from
`core.plugin_api`, listed in the next section. Each hook's section is generated
from its specification in `core/plugins/hookspecs.py`: its signature, its
docstring and the fields of the records it takes or returns.

How hooks are called:

- With keyword arguments only. An implementation may take any subset of the
  arguments in the spec, so `def country_profile():` is fine. Never give an
  implementation's argument a default value: pluggy does not pass those.
- The catalogue and schema hooks are called **once per plugin at start-up**,
  while the service builds its registry and its GraphQL schema. Requests never
  call them; changing a plugin's catalogue needs a restart.
- The screening hook, `screening_evaluate_rule`, is the exception: it is called
  per request, whenever a candidate is screened, and the first plugin that
  returns an outcome answers.
- Catalogue results are collected from every plugin and attributed to the
  plugin that returned them. Each item must carry that plugin's own
  `country_code`, and ids are unique within a country. A result that breaks a
  rule stops the service from starting with one line naming the plugin and the
  problem. A country code must be an assigned ISO 3166-1 alpha-2 code; the
  user-assigned ones (`XA`-`XZ`, `QM`-`QZ`, `AA`, `ZZ`) that example and test
  plugins use need `IMJAPAN_ALLOW_USER_ASSIGNED_CODES=true`.
- The records are the frozen pydantic models of `core/domain/contracts.py`
  (validated again at start-up, so the field types below are enforced) and the
  dataclasses of `core/screening/facts.py`, all of them importable from
  `core.plugin_api`. A plugin whose catalogue is constant data can use
  `StaticCountry` instead of writing the hooks itself.

Every hook has a `test_hook_<name>` test in `tests/core/test_hooks.py`; a test
fails when one is missing, when a hook's docstring lacks its `Args:`,
`Returns:`, `Called:` or `Result:` section, and when this page differs from
what `imjapan docs hooks` generates.
"""

EXAMPLES = """
## Examples

A profile, from the Thailand plugin's data:

```python
from core.plugin_api import CohortTerm, CountryProfile, LocalizedName, RepresentativeOffice
from core.plugin_api import hookimpl


@hookimpl
def country_profile() -> CountryProfile:
    return CountryProfile(
        code="TH",
        name="Thailand",
        local_names=(LocalizedName(language="th", name="ไทย"),),
        agreement_year=1999,
        first_arrival_year=2000,
        first_cohort_term=CohortTerm.TRAINEES,
        representative_office=RepresentativeOffice(city="Bangkok", source="..."),
        sources=("https://imm.or.jp/en/program/gov.html",),
    )
```

GraphQL fields of a plugin's own (`country_graphql`): root fields start with
the plugin's name in camelCase, types with it in PascalCase.

```python
@strawberry.type
class IndonesiaQuery:
    @strawberry.field
    def indonesia_ikapeksi(self) -> IndonesiaIkapeksi: ...


@hookimpl
def country_graphql() -> GraphQLContribution:
    return GraphQLContribution(query=IndonesiaQuery)
```

A `custom` screening rule (`screening_evaluate_rule`). Core evaluates every
other rule kind itself (`core/screening/engine.py`); `core.plugin_api` has
helpers to build outcomes (`outcome`, `check_test_passed`) and to read recorded
values (`flag`, `measure`). A plugin built on `StaticCountry` passes its rules as
`custom_rules`, and `StaticCountry` implements the hook with `evaluate_own_rule`:

```python
from core.plugin_api import CandidateFacts, Criterion, RuleOutcome, StaticCountry, TestKind
from core.plugin_api import check_test_passed


def im_japan_exam(rule: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    return check_test_passed(rule, candidate, TestKind.EXAM, name="IM Japan exam")


RULES = {"im-japan-exam": im_japan_exam}  # rule id -> function(rule, candidate)
plugin = StaticCountry(profile=PROFILE, screening_rules=SCREENING_RULES, custom_rules=RULES)
```

A plugin written as plain `@hookimpl` functions writes the hook itself:

```python
@hookimpl
def screening_evaluate_rule(rule: Criterion, candidate: CandidateFacts) -> RuleOutcome | None:
    return evaluate_own_rule("BD", RULES, rule, candidate)
```
"""
