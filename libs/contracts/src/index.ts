import 'reflect-metadata';
export * from './caller';
export * from './common/page';
export * from './errors/error-code';
export * from './events/envelope';
export * from './health/health.check';
export * from './steps/step-definitions';
export * from './steps/step-table';
export * from './steps/step.types';
