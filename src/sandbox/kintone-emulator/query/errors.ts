// What a query can get wrong, as the query module reports it; the HTTP layer turns these into kintone's codes.
export class QuerySyntaxError extends Error {
  constructor(detail: string) {
    super(`Invalid query: ${detail}`);
    this.name = "QuerySyntaxError";
  }
}
export class QueryFieldError extends Error {
  constructor(readonly field: string) {
    super(`Unknown field ${field}`);
    this.name = "QueryFieldError";
  }
}
export class QueryOperatorError extends Error {
  /** `inTable`: the operator is one kintone refuses only for fields inside a table (GAIA_IQ07). */
  constructor(
    readonly field: string,
    readonly op = "",
    readonly inTable = false,
  ) {
    super(`Operator or function ${op} not available for ${field}`);
    this.name = "QueryOperatorError";
  }
}
export class QueryChoiceError extends Error {
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`${value} is not an option of ${field}`);
    this.name = "QueryChoiceError";
  }
}
/** A value kintone cannot use: GAIA_IL08 (function arguments, ordering against ""), GAIA_IQ23 (day), GAIA_IQ25 (unit). */
export class QueryFunctionError extends Error {
  constructor(
    readonly code: "GAIA_IL08" | "GAIA_IQ23" | "GAIA_IQ25",
    readonly arg = "",
  ) {
    super(`${code}: bad function argument ${arg}`);
    this.name = "QueryFunctionError";
  }
}
