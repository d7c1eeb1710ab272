// Types of build.js for the TypeScript tests.
export const ROOT: string;
export function serviceMain(service: string): string;
/** The V8 flags the launchers start a service with (production's NODE_OPTIONS); SERVICE_NODE_FLAGS replaces them. */
export function serviceNodeFlags(service: string): string[];
/** `node`'s arguments for a service: its V8 flags, then its entry point. */
export function serviceArgs(service: string): string[];
export function buildAll(): void;
