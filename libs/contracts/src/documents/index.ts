export * from './documents.events';
