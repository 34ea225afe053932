/**
 * Request body validation with ajv: schemas are compiled once, and a body that fails answers 400
 * with a stable message key and every field's problem (OpenLMIS's "field errors as a map").
 */
import { Ajv, type JSONSchemaType, type ErrorObject } from 'ajv';
import * as ajvFormats from 'ajv-formats';
import { ApiError } from './errors.js';

const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, coerceTypes: false });
// ajv-formats is CommonJS: under ESM its function arrives as the module's default export.
const addFormats = (ajvFormats as unknown as { default: (ajv: Ajv) => Ajv }).default;
addFormats(ajv);

export type Validator<T> = (body: unknown) => T;

export function bodyValidator<T>(schema: JSONSchemaType<T>, messageKey: string): Validator<T> {
  const validate = ajv.compile(schema);
  return (body) => {
    if (validate(body)) return body;
    const fieldErrors = Object.fromEntries((validate.errors ?? []).map((error) => [fieldOf(error), error.message ?? 'is invalid']));
    const summary = Object.entries(fieldErrors).map(([field, message]) => `${field} ${message}`).join('; ');
    throw new ApiError(400, messageKey, `The request is invalid: ${summary}`, { fieldErrors });
  };
}

function fieldOf(error: ErrorObject): string {
  const missing = (error.params as { missingProperty?: string; additionalProperty?: string });
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const leaf = missing.missingProperty ?? missing.additionalProperty;
  return [path, leaf].filter(Boolean).join('.') || '(body)';
}
