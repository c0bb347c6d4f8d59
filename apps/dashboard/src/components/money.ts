/** Minor units (cents) as the currency's amount, e.g. 1234 USD → "$12.34". */
export function money(minor: number, currency = 'USD'): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 100);
}

/** An amount typed in the currency's units ("50", "-12.5") as signed minor units (5000, -1250). */
export function minorUnits(typed: string): number {
  return Math.round(Number(typed) * 100);
}
