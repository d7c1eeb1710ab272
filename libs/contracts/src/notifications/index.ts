export * from './notification.list';
export * from './webhook.views';
export * from './webhook.commands';
