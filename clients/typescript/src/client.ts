// A frontend's use of the generated types: a typed request, and the screen logic
// that reads a candidate's next steps. Compiled under tsc --strict by
// tests/test_typescript_client.py, so a schema change that breaks this use of the
// generated types fails the build.
import type {
  CandidateCardFragment,
  CandidateNodeQuery,
  CandidateNodeQueryVariables,
  CorrectCandidateMutation,
  CorrectCandidateMutationVariables,
} from "./generated/operations";
import type { CandidateStep, CandidateStatus } from "./generated/schema";

export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string };
}

export interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: GraphQLErrorEntry[];
}

/** POST one operation with its variables; the answer as the operation's type. */
export async function request<TData, TVariables>(
  url: string,
  token: string,
  query: string,
  variables: TVariables,
  language = "en",
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      accept: "application/graphql-response+json, application/json",
      "accept-language": language,
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<TData>;
}

/** The candidate a node answer holds, or null for another type or no node. */
export function candidateOf(answer: CandidateNodeQuery): CandidateCardFragment | null {
  const node = answer.node;
  return node !== null && node !== undefined && node.__typename === "Candidate" ? node : null;
}

/** The buttons a candidate's screen shows: each allowed step and its mutation. */
export function actions(candidate: CandidateCardFragment): Array<[CandidateStep, string]> {
  return candidate.nextSteps
    .filter((next) => next.allowed)
    .map((next): [CandidateStep, string] => [next.step, next.mutation]);
}

/** Why each blocked step cannot be taken now, for the screen to explain. */
export function blocked(candidate: CandidateCardFragment): Map<CandidateStep, string> {
  const reasons = new Map<CandidateStep, string>();
  for (const next of candidate.nextSteps) {
    if (!next.allowed && next.reason !== null && next.reason !== undefined) {
      reasons.set(next.step, next.reason);
    }
  }
  return reasons;
}

/** Whether a step can lead the candidate to ``status``. */
export function leadsTo(candidate: CandidateCardFragment, status: CandidateStatus): boolean {
  return candidate.nextSteps.some((next) => next.allowed && next.leadsTo.includes(status));
}

/** Load a candidate by its global id. */
export async function loadCandidate(
  url: string,
  token: string,
  query: string,
  id: string,
): Promise<CandidateCardFragment | null> {
  const answer = await request<CandidateNodeQuery, CandidateNodeQueryVariables>(url, token, query, {
    id,
  });
  return answer.data ? candidateOf(answer.data) : null;
}

/** Correct a misspelt name; the field errors by input field, for the form. */
export async function correctName(
  url: string,
  token: string,
  query: string,
  candidateId: string,
  fullName: string,
  reason: string,
): Promise<Map<string, string>> {
  const variables: CorrectCandidateMutationVariables = {
    input: { candidateId, fullName, reason },
  };
  const answer = await request<CorrectCandidateMutation, CorrectCandidateMutationVariables>(
    url,
    token,
    query,
    variables,
  );
  const problems = new Map<string, string>();
  for (const error of answer.data?.correctCandidate?.errors ?? []) {
    problems.set(error.field ?? "", error.message);
  }
  return problems;
}
