"""The operations the benchmark measures, as a frontend would send them."""

from __future__ import annotations

AGENCY = (
    "id name localName acronym roles website parentId validFromYear validToYear "
    "formerNames notes source"
)
CENTRE = "id name localName city operatorAgencyId source"
MODULE = "id title description"

CATALOGUE = f"""query Catalogue {{
  countries {{
    code name localName localNames {{ language name }}
    agreementYear firstArrivalYear firstCohortTerm
    representativeOffice {{ city locality source }}
    embassy {{ name localName website labourOffice {{ {AGENCY} }} source }}
    screeningRules {{ id kind title description parameters source }}
    preEntryTraining {{
      minimumMonths
      phases {{
        id order name centre {{ {CENTRE} }} duration {{ months days }} paidBy
        modules {{ {MODULE} }} notes source
      }}
      centres {{ {CENTRE} }}
      modules {{ {MODULE} }}
      source
    }}
    returneeAssociations {{
      id name localName acronym description foundedYear website
      boards {{ id level name localName region source }}
      regionalBoardCount source
    }}
    employmentProgrammes {{
      id kind name description organiser {{ {AGENCY} }} organiserName
      amount {{ amount currency }} source
    }}
    sources plugin
    agencies {{ {AGENCY} }}
  }}
}}"""

# The page's candidate fields, shared by the page and the by-id lookup.
CANDIDATE_FIELDS = """id countryCode applicantNumber fullName dateOfBirth sex educationLevel
        jobField heightCm weightKg japaneseLevel status trainingCompletedOn enteredJapanOn
        returnedOn returnOutcome
        call { id label }
        cohort { id name startsOn endsOn }
        hostCompany { id name prefecture }
        latestScreeningDecision { id passed screenedOn }"""

CANDIDATE_PAGE = (
    """query Page($after: String) {
  candidates(first: 100, after: $after) {
    edges {
      cursor
      node {
        """
    + CANDIDATE_FIELDS
    + """
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}"""
)

CANDIDATE_BY_ID = (
    """query Lookup($id: ID!) {
  candidate(id: $id) {
    """
    + CANDIDATE_FIELDS
    + """
  }
}"""
)

RECRUITMENT_CALLS_COUNTRY = "ID"
RECRUITMENT_CALLS_FIRST = 20

RECRUITMENT_CALLS = f"""query Calls {{
  recruitmentCalls(countryCode: "{RECRUITMENT_CALLS_COUNTRY}", first: {RECRUITMENT_CALLS_FIRST}) {{
    edges {{ cursor node {{ id countryCode label jobFields places opensOn closesOn }} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}"""

CANDIDATE_DETAIL = """query Detail($id: ID!) {
  candidate(id: $id) {
    id countryCode applicantNumber fullName dateOfBirth sex educationLevel educationTrack
    jobField heightCm weightKg japaneseLevel priorInternshipInJapan priorWorkInJapan
    militaryServiceCompleted criminalRecord
    countryDetails {
      __typename countryCode
      ... on IndonesiaCandidateDetails { lessonHours technicalWorkMonths }
      ... on VietnamCandidateDetails { priorityGroups illegalStayAbroad }
    }
    status trainingCompletedOn
    enteredJapanOn returnedOn returnOutcome returnReason
    call {
      id countryCode label jobFields places opensOn closesOn
      criteria { id version reason createdAt criteria { id kind title parameters } }
    }
    cohort {
      id countryCode name centreId startsOn endsOn
      phases { id position name startsOn endsOn paidBy }
    }
    hostCompany { id name prefecture jobCategory }
    history { fromStatus toStatus reason actor changedAt }
    testResults {
      kind passed score
      details {
        __typename
        ... on BodyCheckDetails {
          tattoos removedTattoos piercings glasses contactLenses colourVisionDeficiency
          uncorrectedAcuity correctedAcuity
        }
        ... on PhysicalFitnessDetails { runMinutes pushUps sitUps }
      }
      takenOn
    }
    screeningDecisions {
      id passed screenedOn decidedAt
      outcomes { ruleId kind passed expected actual reason }
      criteria { id version }
    }
    stages { stage startedOn skillsTest skillsTestPassedOn }
    trainingResults { phaseId attendancePercent assessmentScore passed }
  }
}"""

PIPELINE = """query Pipeline {
  pipeline {
    countryCode applied passedScreening failedScreening inTraining trainingCompleted
    inJapanI inJapanII inJapanIII returned withdrawn
  }
}"""

SCREENED_ON = "2026-01-10"

SCREEN = (
    """mutation Screen($id: ID!) {
  screenCandidate(input: {candidateId: $id, screenedOn: \""""
    + SCREENED_ON
    + """\"}) {
    candidate { status }
    decision { passed screenedOn outcomes { ruleId kind passed expected actual reason } }
    errors { field message code }
  }
}"""
)

LOGIN = """mutation Login($e: String, $p: String) {
  login(input: {email: $e, password: $p}) { accessToken errors { message } }
}"""
