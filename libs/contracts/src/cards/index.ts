export * from './cards.events';
export * from './card.views';
export * from './card-kind.list';
export * from './card-kind.define';
export * from './card-unit.register';
export * from './card-unit.list';
export * from './card-loan.list';
export * from './card-loan.commands';
