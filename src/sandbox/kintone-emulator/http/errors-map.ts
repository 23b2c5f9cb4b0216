// Errors from the query module and elsewhere, as kintone reports them.
import { KintoneEmulatorError, paramError } from "../errors.js";
import { QueryChoiceError, QueryFieldError, QueryFunctionError, QueryOperatorError, QuerySyntaxError } from "../query/index.js";

export function asKintoneError(err: unknown): KintoneEmulatorError {
  if (err instanceof KintoneEmulatorError) return err;
  if (err instanceof QuerySyntaxError) return paramError("query", "query.invalid");
  if (err instanceof QueryFieldError) return new KintoneEmulatorError("GAIA_IQ11", err.field);
  if (err instanceof QueryOperatorError) return new KintoneEmulatorError(err.inTable ? "GAIA_IQ07" : "GAIA_IQ03", [err.field, err.op]);
  if (err instanceof QueryChoiceError) return new KintoneEmulatorError("GAIA_IQ10", [err.field, err.value]);
  if (err instanceof QueryFunctionError) return new KintoneEmulatorError(err.code, err.arg);
  console.error("kintone emulator: unexpected error", err);
  return new KintoneEmulatorError("CB_UN01");
}
