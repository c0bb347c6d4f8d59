import { TestCustomer } from '@zagel/testing';

/** A US number for row `index` (all valid, all distinct). */
export const usNumber = (index: number) => `+1415${2_000_000 + index * 37}`;

/** The multipart form of `POST /v1/campaigns`: the options first, then the file. */
export function campaignForm(file: string | Uint8Array, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([file], { type: 'text/csv' }), 'recipients.csv');
  return form;
}

export const uploadCampaign = (as: TestCustomer, file: string | Uint8Array, fields: Record<string, string> = {}) =>
  as.app.postForm('/v1/campaigns', campaignForm(file, fields));

/** A downloaded CSV report as rows of cells (the reports quote only what needs it; none of ours does). */
export function csvRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(','));
}
