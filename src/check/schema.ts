// The JSON Schema of hybrid-bft-report.json (report.schema.json, beside this file) and
// a check of a report against it, with the validator of the subset that
// src/vectors/schema.ts implements (it throws on a keyword outside that subset).
import { readFileSync } from 'node:fs';
import { validate, type Schema, type SchemaError } from '../vectors/schema.ts';

export const REPORT_SCHEMA_URL = new URL('./report.schema.json', import.meta.url);

export function reportSchema(): Schema {
  return JSON.parse(readFileSync(REPORT_SCHEMA_URL, 'utf8')) as Schema;
}

/** Errors of a parsed report against the schema; empty when it conforms. */
export function validateReport(json: unknown): SchemaError[] {
  return validate(reportSchema(), json);
}
