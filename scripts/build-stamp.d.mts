export function srcHash(root: string): string;
export function STAMP(root: string): string;
export function writeStamp(root: string): void;
export function entryKind(root: string): 'dist' | 'src';
