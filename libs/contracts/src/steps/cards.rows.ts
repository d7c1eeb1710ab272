import { CardsEvents } from '../cards/cards.events';
import { ChangeTransition, StepTransition } from './step.types';

/**
 * Rows of the step table contributed by the cards service's events.
 * open once the loan opened (J-LIS prepares the cards), waiting while stock is short, done when the loan ships.
 * open once the cards shipped (effectiveOn = the expected return date), done when the loan closes.
 */
export const CARDS_STEP_ROWS: readonly StepTransition[] = [
  { event: CardsEvents.LoanOpened, step: 'A-6', status: 'open' },
  { event: CardsEvents.LoanWaiting, step: 'A-6', status: 'waiting' },
  { event: CardsEvents.LoanAllocated, step: 'A-6', status: 'open' },
  { event: CardsEvents.LoanShipped, step: 'A-6', status: 'done' },
  { event: CardsEvents.LoanShipped, step: 'A-10', status: 'open', effectiveOnField: 'expectedReturnOn' },
  { event: CardsEvents.LoanClosed, step: 'A-10', status: 'done' },
];
export const CARDS_CHANGE_ROWS: readonly ChangeTransition[] = [];
