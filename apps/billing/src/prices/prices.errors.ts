export const PricesErrorCode = {
  PriceNotFound: 'price_not_found',
  PriceExists: 'price_exists',
  DefaultPriceRequired: 'default_price_required',
} as const;
