import { OmitType, PickType } from '@nestjs/swagger';
import { AdjustCreditsRequest, CreateCheckoutRequest, ListLedgerRequest, ListPricesRequest, ListRewardsRequest, UpdatePriceRequest } from '@zagel/contracts';
import { QueryOf } from '../../public-http/public-shapes';

// The organization, the paying user, the operator and the phone owner are the credential's; a price is the path's.

export class LedgerQuery extends QueryOf(OmitType(ListLedgerRequest, ['organizationId'] as const)) {}

export class PriceQuery extends QueryOf(ListPricesRequest) {}

export class CheckoutBody extends PickType(CreateCheckoutRequest, ['amount'] as const) {}

export class UpdatePriceBody extends PickType(UpdatePriceRequest, ['unitPrice'] as const) {}

/** The gateway's Idempotency-Key header makes a retried adjustment harmless; the contract's own key is not public. */
export class AdjustCreditsBody extends PickType(AdjustCreditsRequest, ['amount', 'reason'] as const) {}

export class RewardsQuery extends QueryOf(OmitType(ListRewardsRequest, ['ownerId'] as const)) {}
