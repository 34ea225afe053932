/**
 * FHIR errors. Everything that goes wrong in the FHIR layer is thrown as a FhirError carrying the
 * HTTP status and the OperationOutcome to answer with; the REST edge turns it into the response.
 */
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

export type IssueCode = OperationOutcomeIssue['code'];
export type IssueSeverity = OperationOutcomeIssue['severity'];

export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly outcome: OperationOutcome,
  ) {
    super(outcome.issue?.map((issue) => issue.diagnostics ?? issue.code).join('; ') ?? `HTTP ${status}`);
    this.name = 'FhirError';
  }
}

export function issue(severity: IssueSeverity, code: IssueCode, diagnostics: string, expression?: string): OperationOutcomeIssue {
  return { severity, code, diagnostics, ...(expression ? { expression: [expression] } : {}) };
}

export function operationOutcome(issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

const error = (status: number, code: IssueCode) => (diagnostics: string, expression?: string) =>
  new FhirError(status, operationOutcome([issue('error', code, diagnostics, expression)]));

export const badRequest = error(400, 'invalid');
export const notFound = error(404, 'not-found');
export const gone = error(410, 'deleted');
export const conflict = error(409, 'conflict');
export const preconditionFailed = error(412, 'conflict');
export const unprocessable = error(422, 'processing');
export const methodNotAllowed = error(405, 'not-supported');
export const unauthorized = error(401, 'login');
export const forbidden = error(403, 'forbidden');
export const tooLarge = error(413, 'too-costly');
export const unsupportedMediaType = error(415, 'not-supported');
export const notAcceptable = error(406, 'not-supported');

/** Several validation issues at once: 400 with every issue listed. */
export function invalid(issues: OperationOutcomeIssue[]): FhirError {
  return new FhirError(400, operationOutcome(issues));
}

export function informational(diagnostics: string): OperationOutcome {
  return operationOutcome([issue('information', 'informational', diagnostics)]);
}
