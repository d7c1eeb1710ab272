export * from './application.parties';
export * from './intake.events';
