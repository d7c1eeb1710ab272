import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CARD_LOAN_STATES, CARD_UNIT_STATES } from '@jlis/contracts';
import type * as C from '@jlis/contracts';

/*
 * The OpenAPI shapes of the cards service's answers. Each class implements the contract's view, so a field the
 * service adds or changes fails to compile here until the document says so too.
 */

export class CardKindView implements C.CardKindView {
  @ApiProperty({ example: 'jpki-test' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) applications: string[];
  @ApiProperty() active: boolean;
  @ApiProperty() lowStockThreshold: number;
  @ApiProperty() version: number;
}

export class CardKindPage implements C.Page<CardKindView> {
  @ApiProperty({ type: [CardKindView] }) items: CardKindView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class CardUnitHistoryEntry implements C.CardUnitHistoryEntry {
  @ApiProperty({ enum: CARD_UNIT_STATES }) state: C.CardUnitState;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) loanId: string | null;
  @ApiProperty() actor: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class CardUnitView implements C.CardUnitView {
  @ApiProperty() serial: string;
  @ApiProperty() kind: string;
  @ApiProperty({ enum: CARD_UNIT_STATES }) state: C.CardUnitState;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) loanId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) applicationId: string | null;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiPropertyOptional({ type: [CardUnitHistoryEntry], description: 'One unit only (GET /cards/{serial}).' })
  history?: CardUnitHistoryEntry[];
}

export class CardUnitPage implements C.Page<CardUnitView> {
  @ApiProperty({ type: [CardUnitView] }) items: CardUnitView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class CardUnitRegistration implements C.CardUnitRegister.Response {
  @ApiProperty() kind: string;
  @ApiProperty() registered: number;
  @ApiProperty({ type: [CardUnitView] }) items: CardUnitView[];
}

export class StockView implements C.StockView {
  @ApiProperty() kind: string;
  @ApiProperty() name: string;
  @ApiProperty() inStock: number;
  @ApiProperty() allocated: number;
  @ApiProperty({ description: 'Shipped, with the applicant or with the contractor.' }) out: number;
  @ApiProperty() lost: number;
  @ApiProperty() retired: number;
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Units open loans still wait for.' }) waitingDemand: number;
  @ApiProperty() lowStockThreshold: number;
  @ApiProperty() low: boolean;
}

export class StockList implements C.CardUnitList.StockResponse {
  @ApiProperty({ type: [StockView] }) items: StockView[];
  @ApiProperty() total: number;
}

export class LoanUnitView implements C.LoanUnitView {
  @ApiProperty() serial: string;
  @ApiProperty() kind: string;
  @ApiProperty({ enum: CARD_UNIT_STATES }) state: C.CardUnitState;
  @ApiProperty({ type: String, format: 'date', nullable: true }) returnedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) condition: string | null;
  @ApiProperty({ type: String, nullable: true }) lostReason: string | null;
}

export class LoanLineView {
  @ApiProperty() kind: string;
  @ApiProperty() quantity: number;
  @ApiProperty() allocated: number;
}

export class LoanShipmentView {
  @ApiProperty() carrier: string;
  @ApiProperty() trackingNumber: string;
  @ApiProperty({ format: 'date' }) shippedOn: string;
  @ApiProperty({ format: 'date' }) expectedReturnOn: string;
}

export class CardLoanView implements C.CardLoanView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'L-00012', description: 'Short number people quote instead of the id.' }) number: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ format: 'uuid' }) submissionId: string;
  @ApiProperty({ enum: CARD_LOAN_STATES }) state: C.CardLoanState;
  @ApiProperty({ type: [LoanLineView] }) lines: LoanLineView[];
  @ApiProperty({ type: [LoanUnitView] }) units: LoanUnitView[];
  @ApiProperty({ type: LoanShipmentView, nullable: true }) shipment: LoanShipmentView | null;
  @ApiProperty({ description: 'The expected return date passed by at least one business day, units still out.' })
  overdue: boolean;
  @ApiProperty() businessDaysOverdue: number;
  @ApiProperty({ type: String, nullable: true, description: 'Responsible for every lent unit (R6).' })
  responsibleOrganizationCode: string | null;
  @ApiPropertyOptional({ description: 'Set while units are with the contractor (R6).' }) responsibility?: string;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
}

export class CardLoanPage implements C.Page<CardLoanView> {
  @ApiProperty({ type: [CardLoanView] }) items: CardLoanView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
