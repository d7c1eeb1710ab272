import { Type } from '@nestjs/common';
import { CardKindsController } from './card-kinds.controller';
import { ApplicationCardLoansController, CardLoansController } from './card-loans.controller';
import { CardsController } from './cards.controller';

/** HTTP controllers of the cards service's routes (api.md); the gateway module mounts them. */
export const CARDS_CONTROLLERS: Type<unknown>[] = [
  CardKindsController,
  CardsController,
  CardLoansController,
  ApplicationCardLoansController,
];
