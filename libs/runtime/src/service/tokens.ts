/** Injection tokens of the service runtime. */
export const SERVICE_OPTIONS = Symbol('SERVICE_OPTIONS');
export const LOGGER = Symbol('LOGGER');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
