"""The supervising organisation's records, with dated rule values and occupations.

Tables for IM Japan's work as the supervising organisation: dated rule values,
OTIT's occupations, training plans, the entry chain, post-entry lectures,
audits and visits, skills test sittings, the stage (iii) conditions,
difficulties, fees.

The rule values and the partial list of occupations are written as the first
version of each (from ``core.domain.reference_rules`` and
``core.domain.occupations``, with their sources); an administrator adds newer
versions, and ``imjapan occupations import`` loads the official list.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 03:48:00.490512
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lecture_course",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("centre", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lecture_course")),
    )
    op.create_table(
        "occupation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("sort_key", sa.String(length=20), nullable=False),
        sa.Column("occupation_ja", sa.String(length=120), nullable=False),
        sa.Column("operation_ja", sa.String(length=120), nullable=True),
        sa.Column("occupation_en", sa.String(length=200), nullable=True),
        sa.Column("operation_en", sa.String(length=200), nullable=True),
        sa.Column("stage_ii_allowed", sa.Boolean(), nullable=False),
        sa.Column("stage_iii_allowed", sa.Boolean(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=1000), nullable=False),
        sa.Column("source_list", sa.String(length=200), nullable=False),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("tag", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occupation")),
        sa.UniqueConstraint("code", name=op.f("uq_occupation_code")),
    )
    op.create_table(
        "rule_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("source_url", sa.String(length=1000), nullable=True),
        sa.Column("tag", sa.String(length=20), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_value")),
        sa.UniqueConstraint("key", "valid_from", name=op.f("uq_rule_value_key_valid_from")),
    )
    with op.batch_alter_table("rule_value", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rule_value_key"), ["key"], unique=False)

    op.create_table(
        "supervision_licence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("licence_number", sa.String(length=40), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_licence")),
    )
    op.create_table(
        "company_audit",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("auditor", sa.String(length=200), nullable=False),
        sa.Column("interns_total", sa.Integer(), nullable=False),
        sa.Column("site_checked", sa.Boolean(), nullable=False),
        sa.Column("records_checked", sa.Boolean(), nullable=False),
        sa.Column("housing_checked", sa.Boolean(), nullable=False),
        sa.Column("managers_heard", sa.Boolean(), nullable=False),
        sa.Column("findings", sa.String(length=4000), nullable=True),
        sa.Column("follow_up", sa.String(length=4000), nullable=True),
        sa.Column("follow_up_due", sa.Date(), nullable=True),
        sa.Column("reported_to_otit_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host_company_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["host_company_id"],
            ["host_company.id"],
            name=op.f("fk_company_audit_host_company_id_host_company"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_audit")),
    )
    with op.batch_alter_table("company_audit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_company_audit_host_company_id"), ["host_company_id"], unique=False
        )

    op.create_table(
        "company_visit",
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("visitor", sa.String(length=200), nullable=False),
        sa.Column("guidance", sa.String(length=4000), nullable=False),
        sa.Column("notes", sa.String(length=4000), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host_company_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["host_company_id"],
            ["host_company.id"],
            name=op.f("fk_company_visit_host_company_id_host_company"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_visit")),
    )
    with op.batch_alter_table("company_visit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_company_visit_host_company_id"), ["host_company_id"], unique=False
        )

    op.create_table(
        "host_company_excellence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host_company_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["host_company_id"],
            ["host_company.id"],
            name=op.f("fk_host_company_excellence_host_company_id_host_company"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_host_company_excellence")),
    )
    with op.batch_alter_table("host_company_excellence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_host_company_excellence_host_company_id"),
            ["host_company_id"],
            unique=False,
        )

    op.create_table(
        "company_audit_interview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["company_audit.id"],
            name=op.f("fk_company_audit_interview_audit_id_company_audit"),
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidate.id"],
            name=op.f("fk_company_audit_interview_candidate_id_candidate"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_audit_interview")),
        sa.UniqueConstraint(
            "audit_id",
            "candidate_id",
            name=op.f("uq_company_audit_interview_audit_id_candidate_id"),
        ),
    )
    with op.batch_alter_table("company_audit_interview", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_company_audit_interview_audit_id"), ["audit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_company_audit_interview_candidate_id"), ["candidate_id"], unique=False
        )

    op.create_table(
        "company_visit_intern",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidate.id"],
            name=op.f("fk_company_visit_intern_candidate_id_candidate"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["company_visit.id"],
            name=op.f("fk_company_visit_intern_visit_id_company_visit"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_visit_intern")),
        sa.UniqueConstraint(
            "visit_id", "candidate_id", name=op.f("uq_company_visit_intern_visit_id_candidate_id")
        ),
    )
    with op.batch_alter_table("company_visit_intern", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_company_visit_intern_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_company_visit_intern_visit_id"), ["visit_id"], unique=False
        )

    op.create_table(
        "entry_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("coe_applied_on", sa.Date(), nullable=True),
        sa.Column("coe_issued_on", sa.Date(), nullable=True),
        sa.Column("coe_number", sa.String(length=40), nullable=True),
        sa.Column("visa_issued_on", sa.Date(), nullable=True),
        sa.Column("entered_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidate.id"], name=op.f("fk_entry_record_candidate_id_candidate")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_record")),
        sa.UniqueConstraint("candidate_id", name=op.f("uq_entry_record_candidate_id")),
    )
    op.create_table(
        "fee_payment",
        sa.Column("payee", sa.String(length=30), nullable=False),
        sa.Column("payee_name", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidate.id"], name=op.f("fk_fee_payment_candidate_id_candidate")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_payment")),
    )
    with op.batch_alter_table("fee_payment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fee_payment_candidate_id"), ["candidate_id"], unique=False
        )

    op.create_table(
        "home_stay",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("left_japan_on", sa.Date(), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidate.id"], name=op.f("fk_home_stay_candidate_id_candidate")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_home_stay")),
    )
    with op.batch_alter_table("home_stay", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_home_stay_candidate_id"), ["candidate_id"], unique=False
        )

    op.create_table(
        "lecture_enrolment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("pre_entry_hours", sa.Integer(), nullable=True),
        sa.Column("pre_entry_from", sa.Date(), nullable=True),
        sa.Column("pre_entry_to", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidate.id"],
            name=op.f("fk_lecture_enrolment_candidate_id_candidate"),
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["lecture_course.id"],
            name=op.f("fk_lecture_enrolment_course_id_lecture_course"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lecture_enrolment")),
        sa.UniqueConstraint("candidate_id", name=op.f("uq_lecture_enrolment_candidate_id")),
    )
    with op.batch_alter_table("lecture_enrolment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lecture_enrolment_course_id"), ["course_id"], unique=False
        )

    op.create_table(
        "skills_test_sitting",
        sa.Column("stage", sa.String(length=5), nullable=False),
        sa.Column("grade", sa.String(length=10), nullable=False),
        sa.Column("part", sa.String(length=10), nullable=False),
        sa.Column("sat_on", sa.Date(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidate.id"],
            name=op.f("fk_skills_test_sitting_candidate_id_candidate"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skills_test_sitting")),
    )
    with op.batch_alter_table("skills_test_sitting", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_skills_test_sitting_candidate_id"), ["candidate_id"], unique=False
        )

    op.create_table(
        "training_difficulty",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("company_reported_on", sa.Date(), nullable=False),
        sa.Column("details", sa.String(length=2000), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidate.id"],
            name=op.f("fk_training_difficulty_candidate_id_candidate"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_difficulty")),
    )
    with op.batch_alter_table("training_difficulty", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_difficulty_candidate_id"), ["candidate_id"], unique=False
        )

    op.create_table(
        "training_plan",
        sa.Column("stage", sa.String(length=5), nullable=False),
        sa.Column("occupation_code", sa.String(length=20), nullable=False),
        sa.Column("goals", sa.String(length=2000), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=False),
        sa.Column("planned_end", sa.Date(), nullable=False),
        sa.Column("planned_hours", sa.Integer(), nullable=False),
        sa.Column("monthly_wage", sa.Integer(), nullable=False),
        sa.Column("weekly_hours", sa.Integer(), nullable=False),
        sa.Column("housing", sa.String(length=500), nullable=False),
        sa.Column("intern_costs", sa.String(length=1000), nullable=True),
        sa.Column("intern_costs_monthly", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("host_company_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column("certified_on", sa.Date(), nullable=True),
        sa.Column("certificate_number", sa.String(length=40), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidate.id"], name=op.f("fk_training_plan_candidate_id_candidate")
        ),
        sa.ForeignKeyConstraint(
            ["host_company_id"],
            ["host_company.id"],
            name=op.f("fk_training_plan_host_company_id_host_company"),
        ),
        sa.ForeignKeyConstraint(
            ["occupation_code"],
            ["occupation.code"],
            name=op.f("fk_training_plan_occupation_code_occupation"),
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["training_plan.id"],
            name=op.f("fk_training_plan_supersedes_id_training_plan"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_plan")),
        sa.UniqueConstraint(
            "candidate_id",
            "stage",
            "version",
            name=op.f("uq_training_plan_candidate_id_stage_version"),
        ),
    )
    with op.batch_alter_table("training_plan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_plan_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_plan_host_company_id"), ["host_company_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_training_plan_status"), ["status"], unique=False)

    op.create_table(
        "lecture_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=30), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("taught_by", sa.String(length=200), nullable=False),
        sa.Column("outside_expert", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["lecture_enrolment.id"],
            name=op.f("fk_lecture_attendance_enrolment_id_lecture_enrolment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lecture_attendance")),
    )
    with op.batch_alter_table("lecture_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lecture_attendance_enrolment_id"), ["enrolment_id"], unique=False
        )

    with op.batch_alter_table("recruitment_call", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("occupation_codes", sa.JSON(), nullable=False, server_default="[]")
        )

    with op.batch_alter_table("stage_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("occupation_code", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("plan_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_stage_record_plan_id_training_plan"),
            "training_plan",
            ["plan_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_stage_record_occupation_code_occupation"),
            "occupation",
            ["occupation_code"],
            ["code"],
        )

    _seed()


def _seed() -> None:
    from core.domain.occupations import EXAMPLES, PARTIAL_LIST, sort_key
    from core.domain.reference_rules import RULES

    rule_value = sa.table(
        "rule_value",
        sa.column("key", sa.String()),
        sa.column("value", sa.JSON()),
        sa.column("description", sa.String()),
        sa.column("source_url", sa.String()),
        sa.column("tag", sa.String()),
        sa.column("provisional", sa.Boolean()),
        sa.column("recorded_by", sa.String()),
        sa.column("recorded_at", sa.DateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        rule_value,
        [
            {
                "key": fact.key,
                "value": fact.value,
                "description": fact.description,
                "source_url": fact.source_url,
                "tag": fact.tag.value,
                "provisional": fact.provisional,
                "recorded_by": "migration 0015",
                "recorded_at": now,
            }
            for fact in RULES
        ],
    )
    occupation = sa.table(
        "occupation",
        sa.column("code", sa.String()),
        sa.column("sort_key", sa.String()),
        sa.column("occupation_ja", sa.String()),
        sa.column("operation_ja", sa.String()),
        sa.column("stage_ii_allowed", sa.Boolean()),
        sa.column("stage_iii_allowed", sa.Boolean()),
        sa.column("source", sa.String()),
        sa.column("source_list", sa.String()),
        sa.column("partial", sa.Boolean()),
        sa.column("tag", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(
        occupation,
        [
            {
                "code": fact.code,
                "sort_key": sort_key(fact.code),
                "occupation_ja": fact.occupation_ja,
                "operation_ja": fact.operation_ja,
                "stage_ii_allowed": True,
                "stage_iii_allowed": fact.stage_iii_allowed,
                "source": fact.source,
                "source_list": PARTIAL_LIST,
                "partial": True,
                "tag": fact.tag.value,
                "created_at": now,
            }
            for fact in EXAMPLES
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("stage_record", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_stage_record_occupation_code_occupation"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_stage_record_plan_id_training_plan"), type_="foreignkey"
        )
        batch_op.drop_column("plan_id")
        batch_op.drop_column("occupation_code")

    with op.batch_alter_table("recruitment_call", schema=None) as batch_op:
        batch_op.drop_column("occupation_codes")

    with op.batch_alter_table("lecture_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lecture_attendance_enrolment_id"))

    op.drop_table("lecture_attendance")
    with op.batch_alter_table("training_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_plan_status"))
        batch_op.drop_index(batch_op.f("ix_training_plan_host_company_id"))
        batch_op.drop_index(batch_op.f("ix_training_plan_candidate_id"))

    op.drop_table("training_plan")
    with op.batch_alter_table("training_difficulty", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_difficulty_candidate_id"))

    op.drop_table("training_difficulty")
    with op.batch_alter_table("skills_test_sitting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skills_test_sitting_candidate_id"))

    op.drop_table("skills_test_sitting")
    with op.batch_alter_table("lecture_enrolment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lecture_enrolment_course_id"))

    op.drop_table("lecture_enrolment")
    with op.batch_alter_table("home_stay", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_home_stay_candidate_id"))

    op.drop_table("home_stay")
    with op.batch_alter_table("fee_payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fee_payment_candidate_id"))

    op.drop_table("fee_payment")
    op.drop_table("entry_record")
    with op.batch_alter_table("company_visit_intern", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_visit_intern_visit_id"))
        batch_op.drop_index(batch_op.f("ix_company_visit_intern_candidate_id"))

    op.drop_table("company_visit_intern")
    with op.batch_alter_table("company_audit_interview", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_audit_interview_candidate_id"))
        batch_op.drop_index(batch_op.f("ix_company_audit_interview_audit_id"))

    op.drop_table("company_audit_interview")
    with op.batch_alter_table("host_company_excellence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_host_company_excellence_host_company_id"))

    op.drop_table("host_company_excellence")
    with op.batch_alter_table("company_visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_visit_host_company_id"))

    op.drop_table("company_visit")
    with op.batch_alter_table("company_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_audit_host_company_id"))

    op.drop_table("company_audit")
    op.drop_table("supervision_licence")
    with op.batch_alter_table("rule_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rule_value_key"))

    op.drop_table("rule_value")
    op.drop_table("occupation")
    op.drop_table("lecture_course")
