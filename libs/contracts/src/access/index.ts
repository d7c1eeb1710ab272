export * from './access.events';
export * from './access.views';
export * from './corporate-number';
export * from './contractor.commands';
export * from './connection.commands';
export * from './grant.commands';
