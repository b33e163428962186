"""What each value of core's GraphQL enums means, in English; Japanese comes from the catalogue.

The descriptions are set on the built schema (:func:`describe_enum_values`), so
``schema.graphql`` and introspection carry them, and
:class:`core.schema.localized_introspection.LocalizedIntrospection` answers an
introspection query in the request's language: each description is a catalogue
entry whose context is ``enum <EnumName>`` (the same English word can need two
Japanese words in two enums). ``tests/i18n`` fails when a value of a core enum
has no description or its description has no Japanese translation.

They live here, not on the domain's Python enums, because they describe the
GraphQL values for API clients; the domain's own labels for messages are in
:mod:`core.domain.states` and :mod:`core.domain.titp`.
"""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLSchema

ENUM_VALUE_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "AgencyRole": {
        "MINISTRY": "The ministry that runs the programme for its government.",
        "SELECTING_AGENCY": "Recruits and screens the candidates.",
        "IMPLEMENTING_AGENCY": "Carries out the programme on the ministry's behalf.",
        "TRAINING_AGENCY": "Gives the pre-entry training.",
        "OVERSEAS_EMPLOYMENT_AGENCY": "The government's agency for work abroad.",
        "LABOUR_OFFICE_IN_JAPAN": "The country's labour office in Japan, at its embassy.",
    },
    "BoardLevel": {
        "CENTRAL": "The association's national board.",
        "REGIONAL": "A board of a region or province.",
        "BRANCH": "A local branch.",
    },
    "HostCompanyAuditKind": {
        "REGULAR": "A regular audit, due at least once in each period the rules set.",
        "EXTRA": "An extra audit at once, when grounds for revocation are suspected.",
    },
    "SupervisionDueKind": {
        "AUDIT": "A regular audit of the host company.",
        "VISIT": "A guidance visit to the host company.",
    },
    "CandidatePhase": {
        "APPLICATION": "Registered or screened, not yet in training.",
        "TRAINING": "In pre-entry training, or having completed it.",
        "IN_JAPAN": "In technical intern training in Japan.",
        "RETURNED": "Back in the home country.",
        "WITHDRAWN": "Left the programme.",
        "MOVED_ON": "Left the programme for another status of residence in Japan.",
    },
    "CandidateSortField": {
        "ID": "The order of registration.",
        "NAME": "The full name, ignoring accents and case.",
        "REGISTERED_AT": "When the candidate was registered.",
        "STATUS": "The programme's order of statuses.",
    },
    "CandidateStatus": {
        "REGISTERED": "Registered for a recruitment call; tests are recorded until screening.",
        "SCREENING_PASSED": "Met every rule of the call's criteria.",
        "SCREENING_FAILED": "Did not meet the call's criteria.",
        "IN_TRAINING": "Enrolled in a pre-entry training cohort.",
        "TRAINING_COMPLETED": "Completed pre-entry training; ready to be sent to Japan.",
        "IN_JAPAN_I": "In Japan, Technical Intern Training (i), the first year.",
        "IN_JAPAN_II": "In Japan, Technical Intern Training (ii), years two and three.",
        "IN_JAPAN_III": "In Japan, Technical Intern Training (iii), years four and five.",
        "IN_JAPAN_ESD": "In Japan, employed for skill development (ESD, 育成就労).",
        "SSW_I": "Moved from ESD to Specified Skilled Worker (i) (特定技能1号).",
        "RETURNED": "Returned to the home country.",
        "WITHDRAWN": "Withdrew or was withdrawn from the programme.",
    },
    "CandidateStep": {
        "RECORD_TEST_RESULT": "Record the result of a selection test.",
        "SCREEN": "Decide on the call's criteria.",
        "ENROL": "Enrol in a pre-entry training cohort.",
        "RECORD_TRAINING_RESULT": "Record the result of a training phase.",
        "COMPLETE_TRAINING": "Complete pre-entry training.",
        "DISPATCH": "Send to a host company in Japan.",
        "ADVANCE_STAGE": "Move to the next stage after its skills test.",
        "RECORD_RETURN": "Record the return to the home country.",
        "WITHDRAW": "Withdraw from the programme.",
        "REOPEN_SCREENING": "Reopen a screening so that the facts it read can be corrected.",
        "TRANSFER": "Move an ESD worker to another employer (at the worker's wish or for an "
        "unavoidable reason).",
        "MOVE_TO_SSW": "Change an ESD worker's status to Specified Skilled Worker (i).",
    },
    "CohortTerm": {
        "TRAINEES": "Sent as trainees, the term before technical interns.",
        "TECHNICAL_INTERNS": "Sent as technical interns.",
    },
    "DifficultyKind": {
        "MISSING": "Missing (失踪): the intern left and cannot be reached.",
        "ILLNESS_OR_INJURY": "Cannot continue because of illness or injury.",
        "HOST_COMPANY_CLOSURE": "The host company closed or stopped the training.",
        "PERSONAL_REASONS": "The intern stops for personal reasons (for example to go home).",
        "OTHER": "Another reason, given in the details.",
    },
    "EducationLevel": {
        "LOWER_SECONDARY": "Lower secondary school.",
        "SECONDARY": "Secondary school.",
        "UPPER_SECONDARY": "Upper secondary school.",
        "POST_SECONDARY": "Education after secondary school.",
    },
    "ErrorCode": {
        "INVALID": "A value is not acceptable; the message says why.",
        "REQUIRED": "A value is missing.",
        "NOT_FOUND": "Nothing has this id, or the caller may not see it.",
        "DUPLICATE": "The value is already taken.",
        "UNKNOWN_COUNTRY": "No enabled sending country has this code.",
        "NOT_ALLOWED_STATE": "The step is not allowed from the current status.",
        "LIMIT_EXCEEDED": "A limit was reached; the message says which.",
        "FORBIDDEN": "The caller's role or scope does not allow this.",
    },
    "EventParticipantRole": {
        "EMBASSY_REPRESENTATIVE": "A representative of an embassy.",
        "MINISTRY_OFFICIAL": "An official of a sending country's ministry.",
        "HOST_COMPANY": "A host company.",
        "INTERN": "A technical intern.",
    },
    "EventRegistrationStatus": {
        "CONFIRMED": "Has a place.",
        "WAITLISTED": "Waits for a place to free up.",
        "CANCELLED": "Cancelled the registration.",
    },
    "EventStatus": {
        "SCHEDULED": "Takes place as planned.",
        "CANCELLED": "Cancelled; kept with its reason.",
    },
    "Evidence": {
        "SOURCED": "Seen in the cited source as stated.",
        "INFERRED": "Read from sourced facts; the note says how.",
        "UNVERIFIED": "Not seen in a source; to be checked before relying on it.",
    },
    "FeeKind": {
        "FEE": "A fee for the sending organisation's services.",
        "TRAINING_COST": "The cost of pre-entry training.",
        "TRAVEL": "Travel costs.",
        "OTHER": "Another payment, described in the note.",
        "DEPOSIT": "A deposit (保証金): refused, none may be taken from an intern.",
        "PENALTY_CONTRACT": (
            "A penalty contract (違約金契約): refused, none may be made with an intern."
        ),
    },
    "FeePayee": {
        "SENDING_ORGANISATION": "The sending organisation in the home country.",
        "PRE_ENTRY_TRAINING": "The provider of the pre-entry training.",
        "OTHER": "Another payee, named in payeeName.",
    },
    "ImportMode": {
        "ALL_VALID_ROWS": "Import the valid rows and report the others.",
        "ALL_OR_NOTHING": "Import nothing unless every row is valid.",
    },
    "LectureSubject": {
        "JAPANESE": "Japanese.",
        "DAILY_LIFE": "Daily life in Japan.",
        "LEGAL_PROTECTION": (
            "The legal protection of technical interns, taught by an outside expert."
        ),
        "TRAINING_KNOWLEDGE": "Knowledge that helps the training.",
    },
    "InterviewCompanyOrigin": {
        "JAPANESE": "A Japanese company.",
        "LOCAL": "A company of the returnee's country.",
    },
    "InterviewResult": {
        "OFFER": "The company offered a job.",
        "HIRED": "The returnee took the job.",
        "DECLINED": "The returnee declined the offer.",
    },
    "JapaneseLevel": {
        "N5": "Japanese-Language Proficiency Test N5, the most basic level.",
        "N4": "Japanese-Language Proficiency Test N4.",
        "N3": "Japanese-Language Proficiency Test N3.",
        "N2": "Japanese-Language Proficiency Test N2.",
        "N1": "Japanese-Language Proficiency Test N1, the highest level.",
    },
    "Payer": {
        "CANDIDATE": "The candidate pays.",
        "SENDING_GOVERNMENT": "The sending government pays.",
        "IM_JAPAN": "IM Japan pays.",
    },
    "PriorWorkScope": {
        "TECHNICAL_INTERNSHIP": "An earlier technical internship in Japan disqualifies.",
        "ANY_WORK": "Any earlier work in Japan disqualifies.",
    },
    "ProgrammeKind": {
        "GROUP_JOB_INTERVIEW": "Group job interviews for returnees.",
        "JOB_PLACEMENT": "Placement in a job.",
        "COMPLETION_FUND": "Money paid on completing the training.",
        "CAREER_SUPPORT_FUND": "Money towards a returnee's career.",
        "BUSINESS_START_UP_SUPPORT": "Help to start a business.",
        "REMIGRATION_PRIORITY": "Priority when going abroad to work again.",
    },
    "ReturnOutcome": {
        "COMPLETED": "Returned after completing the training.",
        "EARLY_RETURN": "Returned before the end of the training.",
    },
    "Role": {
        "ADMIN": "An IM Japan administrator.",
        "STAFF": "IM Japan staff.",
        "MINISTRY_OFFICER": "An officer of a sending country's ministry, for that country.",
        "EMBASSY_OFFICER": "An officer of a sending country's embassy, for that country.",
        "HOST_COMPANY": "A host company in Japan, for its own interns.",
    },
    "RuleKind": {
        "AGE_RANGE": "Age on the reference date within a range.",
        "SEX": "One of the sexes the call is for.",
        "EDUCATION_MIN": "At least an education level.",
        "HEIGHT_MIN": "At least a height.",
        "WEIGHT_MIN": "At least a weight.",
        "VISION": "Eyesight of at least a given acuity.",
        "BODY_MARKS": "No tattoos or body marks of the kinds named.",
        "NO_PRIOR_WORK_IN_JAPAN": "Has not worked or trained in Japan before.",
        "NO_CRIMINAL_RECORD": "Has no criminal record.",
        "MILITARY_SERVICE_COMPLETED": "Has completed military service where it is due.",
        "MATH_SCORE_MIN": "At least a score in the mathematics test.",
        "PHYSICAL_FITNESS": "Passed the physical fitness test.",
        "INTERVIEW": "Passed the interview.",
        "MEDICAL_CHECK": "Passed the medical check.",
        "JAPANESE_LEVEL": "At least a level of Japanese.",
        "DOCUMENT_CHECK": "Passed the document check.",
        "CUSTOM": "A rule of a country plugin.",
    },
    "RuleValueShape": {
        "WHOLE": "A whole number, such as 4.",
        "FRACTION": "A fraction, such as 1/6.",
        "LIST": "A list, such as the passes a stage needs.",
        "TEXT": "A text, such as a month and day.",
    },
    "Sex": {
        "MALE": "Male.",
        "FEMALE": "Female.",
    },
    "SkillsTest": {
        "BASIC_GRADE": "Trade Skills Test, Basic Grade: from stage (i) to (ii).",
        "ELEMENTARY": (
            "Technical Intern Training Evaluation Exam, Elementary: from stage (i) to (ii)."
        ),
        "GRADE_3": "Trade Skills Test, Grade 3: from stage (ii) to (iii).",
        "SPECIALIZED": (
            "Technical Intern Training Evaluation Exam, Specialized: from stage (ii) to (iii)."
        ),
    },
    "SortDirection": {
        "ASC": "Smallest, earliest or first in the alphabet first.",
        "DESC": "Largest, latest or last in the alphabet first.",
    },
    "SourceTag": {
        "PRIMARY": "From a primary source: the law, a ministry or OTIT.",
        "SECONDARY": "From a secondary source, such as a law firm's or an agency's page.",
        "INFERRED": "Read from sourced facts, not stated by a source.",
        "NOT_FOUND": "No source was found; kept until one is.",
    },
    "LicenceKind": {
        "TITP_GENERAL": "General supervision (一般監理事業): allows stage (iii).",
        "TITP_SPECIFIC": "Specific supervision (特定監理事業): stages (i) and (ii) only.",
        "ESD_SUPERVISING_SUPPORT": "Supervising support organisation (監理支援機関) under ESD.",
    },
    "Programme": {
        "TITP": "The Technical Intern Training Program (技能実習).",
        "ESD": "Employment for Skill Development (育成就労), from 2027-04-01.",
    },
    "TransitionStep": {
        "TITP_PLAN_APPLICATION": "Apply for a stage (i) TITP training plan.",
        "TITP_PLAN_START": "Start a stage (i) TITP training plan.",
        "TITP_ENTRY": "Enter Japan as a TITP intern.",
        "TITP_STAGE_II": "Move on to TITP stage (ii).",
        "TITP_STAGE_III": "Move on to TITP stage (iii).",
        "ESD_PLAN_APPLICATION": "Apply for an ESD plan.",
    },
    "TransferReason": {
        "WORKER_WISH": "At the worker's wish (本人意向転籍), after the field's period.",
        "UNAVOIDABLE": "For an unavoidable reason (やむを得ない事情), allowed at any time.",
    },
    "TransferArranger": {
        "ESD_ORGANISATION": "The ESD organisation (外国人育成就労機構).",
        "SUPERVISING_SUPPORT": "A supervising support organisation (監理支援機関).",
        "HELLO_WORK": "Hello Work, the public employment service.",
        "PRIVATE_AGENCY": "A private placement agency: barred from arranging transfers.",
    },
    "TransferCheckKind": {
        "STATUS": "The worker is in Japan under ESD.",
        "EMPLOYMENT": "The worker's current employment is recorded.",
        "OTHER_EMPLOYER": "The receiving company is not the current employer.",
        "SAME_WORK_CATEGORY": "The receiving company keeps the worker's work category (業務区分).",
        "PERIOD_SERVED": "Time with the current employer reaches the field's period.",
        "SKILLS_LEVEL": "A pass of the skills test the rule names.",
        "JAPANESE_LEVEL": "A passed Japanese test at the level set for the field.",
        "RECEIVING_EMPLOYER_EXCELLENT": "The receiving company is excellent (優良) on the day.",
        "RECEIVING_SHARE": "Transferees stay within the receiving company's share.",
        "ARRANGER": "The transfer is arranged by a body allowed to.",
        "UNAVOIDABLE_REASON": "The unavoidable reason is given.",
    },
    "Stage": {
        "I": "Technical Intern Training (i), the first year.",
        "II": "Technical Intern Training (ii), years two and three.",
        "III": "Technical Intern Training (iii), years four and five.",
    },
    "Cefr": {
        "A1": "CEFR A1, basic user (JLPT N5 or similar).",
        "A2": "CEFR A2, basic user (JLPT N4 or similar).",
        "B1": "CEFR B1, independent user.",
        "B2": "CEFR B2, independent user.",
        "C1": "CEFR C1, proficient user.",
        "C2": "CEFR C2, proficient user.",
    },
    "LanguageResultKind": {
        "TEST": "A Japanese test sat: its test, level and result.",
        "COURSE": "A Japanese course attended: its hours and provider.",
    },
    "EsdTestGrade": {
        "BASIC": "Basic grade (技能検定基礎級): sat in year one of ESD.",
        "GRADE_3": "Grade 3 (技能検定3級): a pass opens the move to SSW (i).",
        "SSW_I": "The SSW (i) skills test: a pass opens the move to SSW (i).",
    },
    "EsdObligationKind": {
        "SIT_JAPANESE_TEST": "Sit a Japanese test at A1 in year one (passing not required).",
        "SIT_BASIC_SKILLS_TEST": (
            "Sit the basic-grade skills test in year one (passing not required)."
        ),
        "A2_COURSE": "A course aimed at A2 during the period, or a passed A2 test.",
    },
    "TestGrade": {
        "BASIC": "Basic grade (基礎級), written and practical: by the end of stage (i).",
        "GRADE_3": "Grade 3 (随時3級), practical only: by the end of stage (ii).",
        "GRADE_2": "Grade 2 (随時2級), practical only: by the end of stage (iii).",
    },
    "TestPart": {
        "WRITTEN": "The written part of a skills test.",
        "PRACTICAL": "The practical part of a skills test.",
    },
    "TestKind": {
        "DOCUMENT_CHECK": "Check of the application documents.",
        "MATHS": "Mathematics test.",
        "BODY_CHECK": "Body check: height, weight, eyesight, body marks.",
        "PHYSICAL_FITNESS": "Physical fitness test.",
        "INTERVIEW": "Interview.",
        "MEDICAL_CHECK": "Medical check.",
        "JAPANESE": "Japanese test.",
        "EXAM": "Written examination.",
    },
    "TrainingPlanStatus": {
        "DRAFTED": "Drafted with the host company, not yet applied for.",
        "APPLIED": "Applied for to OTIT, awaiting certification.",
        "CERTIFIED": "Certified by OTIT: the plan in force.",
        "SUPERSEDED": "Replaced by a certified change; kept as it was.",
        "ENDED": "Ended before or during the stage.",
    },
}


def context_of(enum_name: str) -> str:
    """The catalogue context of the descriptions of ``enum_name``'s values."""
    return f"enum {enum_name}"


def describe_enum_values(schema: GraphQLSchema) -> None:
    """Give the values of core's enums in ``schema`` their English descriptions.

    A value that already has a description (from its declaration) keeps it.
    """
    for name, values in ENUM_VALUE_DESCRIPTIONS.items():
        enum = schema.type_map.get(name)
        if not isinstance(enum, GraphQLEnumType):
            continue
        for value_name, description in values.items():
            value = enum.values.get(value_name)
            if value is not None and not value.description:
                value.description = description
