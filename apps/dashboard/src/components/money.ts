/** Minor units (cents) as the currency's amount, e.g. 1234 USD → "$12.34". */
export function money(minor: number, currency = 'USD'): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 100);
}
