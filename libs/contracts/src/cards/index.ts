export * from './cards.events';
