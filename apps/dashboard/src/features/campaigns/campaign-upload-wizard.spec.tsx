/**
 * @jest-environment jsdom
 */
import '../../testing/text-encoding';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { renderPage } from '../../testing/render-page';
import { CampaignUploadWizard } from './campaign-upload-wizard';

const CSV = 'Name;Phone;Code\n"Doe; Jane";+201001234567;A1\nOmar;+201001234568;B2\n';

/** The API as the wizard sees it: the upload answers a draft; what was posted is kept. */
function fakeApi() {
  const posted: [string, unknown][][] = [];
  const answer = (status: number, body: unknown) => ({
    status,
    headers: { get: (name: string) => (name === 'content-type' ? (status >= 400 ? 'application/problem+json' : 'application/json') : null) },
    text: async () => JSON.stringify(body),
  });
  const fetch = jest.fn(async (url: string, init: { method: string; body?: FormData }) => {
    const path = new URL(url).pathname;
    if (init.method === 'POST' && path === '/v1/campaigns') {
      posted.push([...init.body!.entries()]);
      return answer(201, { id: 'c1', name: 'Ramadan', status: 'draft', preview: [] });
    }
    return answer(404, { code: 'not_found', detail: `no ${init.method} ${path}` });
  });
  return { posted, fetch };
}

function renderWizard() {
  return renderPage(
    <MemoryRouter initialEntries={['/campaigns']}>
      <Routes>
        <Route path="/campaigns" element={<CampaignUploadWizard />} />
        <Route path="/campaigns/:id" element={<p>The draft campaign</p>} />
      </Routes>
    </MemoryRouter>,
    fakeApi(),
  );
}

async function writeTemplate(text: string) {
  const template = screen.getByLabelText(/^Template, with/);
  await userEvent.clear(template);
  await userEvent.click(template);
  await userEvent.paste(text);
}

describe('the campaign upload wizard', () => {
  it('previews the file, maps its columns with a template, and uploads a draft with the mapping before the file', async () => {
    const api = renderWizard();
    expect((screen.getByRole('button', { name: 'Upload and preview' }) as HTMLButtonElement).disabled).toBe(true);

    await userEvent.upload(screen.getByLabelText(/^Recipients file/), new File([CSV], 'ramadan.csv', { type: 'text/csv' }));
    const preview = await screen.findByRole('table', { name: /File preview: first 2 rows, separated by semicolons/ });
    expect(within(preview).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Name', 'Phone', 'Code']);
    expect(within(preview).getByRole('cell', { name: 'Doe; Jane' })).toBeTruthy();
    expect((screen.getByRole('combobox', { name: 'Phone column' }) as HTMLSelectElement).value).toBe('Phone');

    await userEvent.click(screen.getByRole('radio', { name: 'Template' }));
    await writeTemplate('Hi {{Name}}, use {{coupon}}');
    expect(screen.getByRole('status').textContent).toBe('No column for {{coupon}}');
    expect(within(screen.getByRole('list', { name: 'Before uploading' })).getByText('No column fills {{coupon}}.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Upload and preview' }) as HTMLButtonElement).disabled).toBe(true);

    await writeTemplate('Hi {{ name }}, use {{Code}}');
    expect(screen.getByRole('status').textContent).toBe('Columns you can use: {{Name}} {{Phone}} {{Code}}');
    await userEvent.type(screen.getByLabelText(/^Default country/), 'eg');
    await userEvent.type(screen.getByLabelText('Campaign name'), 'Ramadan');
    await userEvent.click(screen.getByRole('button', { name: 'Upload and preview' }));

    expect(await screen.findByText('The draft campaign')).toBeTruthy();
    expect(api.posted).toHaveLength(1);
    const fields = api.posted[0];
    expect(fields.slice(0, -1)).toEqual([
      ['name', 'Ramadan'],
      ['type', 'promotional'],
      ['route', 'auto'],
      ['phoneColumn', 'Phone'],
      ['template', 'Hi {{ name }}, use {{Code}}'],
      ['defaultCountry', 'EG'],
      ['start', 'false'],
    ]);
    expect(fields.at(-1)?.[0]).toBe('file');
    expect((fields.at(-1)?.[1] as File).name).toBe('ramadan.csv');
  });

  it('defaults to the phone and message columns, and sends the message column', async () => {
    const api = renderWizard();
    await userEvent.upload(screen.getByLabelText(/^Recipients file/), new File(['phone,message\n+14155550100,Hello\n'], 'plain.csv', { type: 'text/csv' }));
    await screen.findByRole('table', { name: /File preview: first 1 rows, separated by commas/ });
    expect((screen.getByRole('combobox', { name: 'Message column' }) as HTMLSelectElement).value).toBe('message');
    await userEvent.click(screen.getByRole('button', { name: 'Upload and preview' }));
    await screen.findByText('The draft campaign');
    expect(api.posted[0]).toContainEqual(['bodyColumn', 'message']);
  });

  it('says so when the file is empty, and offers no upload', async () => {
    renderWizard();
    await userEvent.upload(screen.getByLabelText(/^Recipients file/), new File([''], 'empty.csv', { type: 'text/csv' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The file is empty: its first line must name the columns.');
    expect((screen.getByRole('button', { name: 'Upload and preview' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
