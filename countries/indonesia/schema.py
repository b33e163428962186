"""Indonesia's own GraphQL fields: IKAPEKSI's structure and the selection stages.

Names carry the ``Indonesia``/``indonesia`` prefix so they never meet another
country's.
"""

from __future__ import annotations

import strawberry

from core.plugin_api import PUBLIC, AssociationBoardType, GraphQLContribution
from countries.indonesia import data, sources


@strawberry.type(description="A national congress of IKAPEKSI.")
class IndonesiaIkapeksiCongress:
    year: int
    kind: str
    regional_boards_present: int | None
    source: str


@strawberry.type(
    description="IKAPEKSI, the association of presidents formed by returned Indonesian trainees."
)
class IndonesiaIkapeksi:
    name: str
    local_name: str
    acronym: str
    central_board: AssociationBoardType
    regional_board_count: int = strawberry.field(
        description="Regional boards (DPD) the association reports."
    )
    regional_boards: list[AssociationBoardType] = strawberry.field(
        description="Regional boards whose names are on record; empty until sourced."
    )
    congresses: list[IndonesiaIkapeksiCongress]
    member_business_sectors: list[str]
    source: str


@strawberry.type(description="One stage of Indonesia's knock-out selection (sistem gugur).")
class IndonesiaSelectionStage:
    order: int
    name: str
    description: str
    source: str


SELECTION_STAGES = (
    (
        "Administrative check",
        "By the regional committee, verified by the central team (Kemnaker and IM Japan).",
    ),
    ("Basic maths test", "20 questions in 15 minutes; the pass mark is 14 correct."),
    (
        "Body check",
        "Height and weight, tattoos and piercings, body defects and healed "
        "fractures, skin, teeth, organ function, overall appearance.",
    ),
    (
        "Physical endurance",
        "Men: 3 km in 15 minutes, 35 push-ups, 25 sit-ups. Women: 1.5 km "
        "in 11 minutes, 20 push-ups, 15 sit-ups.",
    ),
    (
        "Interview",
        "Appearance, attitude, general knowledge, communication and understanding "
        "of the programme.",
    ),
    ("Medical test", "Blood, urine, eyes, lungs, drugs, HIV/AIDS and more."),
    ("Japanese test", "Hiragana, katakana, vocabulary, grammar and the IM Japan textbook."),
    ("Passport", "48 pages, valid for 5 years."),
)


def _ikapeksi() -> IndonesiaIkapeksi:
    association = data.RETURNEE_ASSOCIATIONS[0]
    board = data.IKAPEKSI_CENTRAL_BOARD
    return IndonesiaIkapeksi(
        name=association.name,
        local_name=association.local_name or association.name,
        acronym=association.acronym or "IKAPEKSI",
        central_board=AssociationBoardType(
            id=board.id,
            level=board.level,
            name=board.name,
            local_name=board.local_name,
            region=board.region,
            source=board.source,
        ),
        regional_board_count=association.regional_board_count or 0,
        regional_boards=[],
        congresses=[
            IndonesiaIkapeksiCongress(
                year=2024,
                kind="extraordinary congress",
                regional_boards_present=12,
                source="jurnalkawasan.com (2024)",
            )
        ],
        member_business_sectors=["training centres (LPK)", "mining", "palm oil", "property"],
        source=sources.IKAPEKSI,
    )


IKAPEKSI = _ikapeksi()
STAGES = [
    IndonesiaSelectionStage(
        order=order, name=name, description=description, source=sources.NOTICES_2023_2024
    )
    for order, (name, description) in enumerate(SELECTION_STAGES, start=1)
]


@strawberry.type
class IndonesiaQuery:
    @strawberry.field(description="IKAPEKSI's boards and congresses.", permission_classes=PUBLIC)
    def indonesia_ikapeksi(self) -> IndonesiaIkapeksi:
        return IKAPEKSI

    @strawberry.field(
        description="The stages of Indonesia's knock-out selection, in order.",
        permission_classes=PUBLIC,
    )
    def indonesia_selection_stages(self) -> list[IndonesiaSelectionStage]:
        return STAGES


CONTRIBUTION = GraphQLContribution(query=IndonesiaQuery)
