// Types of scripts/models-table.mjs for the TypeScript test.
export const README: string;
export const MODELS: string;
export const BEGIN: string;
export const END: string;
export function modelsTable(manifestText: string): string;
export function withTable(readme: string, manifestText: string): string;
