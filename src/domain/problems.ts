// A rule's complaint about a value: where (a path such as "body.inputs.0.harvestLotId") and why.
// Rules return problems; the HTTP layer turns a non-empty list into one VALIDATION_FAILED error.
export interface Problem {
  path: string;
  message: string;
}
