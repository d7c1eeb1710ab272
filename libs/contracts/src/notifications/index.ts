export * from './notification.list';
