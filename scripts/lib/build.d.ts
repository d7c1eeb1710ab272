// Types of build.js for the TypeScript tests.
export const ROOT: string;
export function serviceMain(service: string): string;
export function buildAll(): void;
