export * from './database';
export * from './eventually';
export * from './nats-server';
export * from './smtp-server';
export * from './private-postgres';
export * from './files';
export * from './start-all';
export * from './webhook-receiver';
