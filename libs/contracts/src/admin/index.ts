export * from './dead-letter.discard';
export * from './dead-letter.list';
export * from './dead-letter.replay';
export * from './dead-letter.view';
export * from './resync';
