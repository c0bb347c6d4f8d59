/**
 * @jest-environment jsdom
 */
import '../../testing/jsdom-text-encoding';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { fakeApi } from '../../testing/fake-api';
import { renderPage } from '../../testing/render-page';
import { TemplatePage } from './template-page';
import { TemplatesPage } from './templates-page';

const ID = '0190a6f2-7c3e-7abc-8def-0123456789d0';
const at = '2026-11-23T12:00:00.000Z';
const variablesOf = (body: string) => [...body.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]);

/** Templates as ingestion keeps them: versions of a text, a new one only when the text changes. */
function templatesApi() {
  const templates = new Map<string, { name: string; category?: string; versions: string[] }>();
  const view = (id: string, version?: number) => {
    const template = templates.get(id)!;
    const latest = template.versions.length;
    const body = template.versions[(version ?? latest) - 1];
    return { id, name: template.name, category: template.category, body, variables: variablesOf(body), version: version ?? latest, latestVersion: latest, providerCodes: {}, usageCount: 0, createdAt: at, updatedAt: at };
  };
  const api = fakeApi((call) => {
    if (call.method === 'GET' && call.path === '/v1/templates') return { status: 200, body: { items: [...templates.keys()].map((id) => view(id)) } };
    if (call.method === 'POST' && call.path === '/v1/templates') {
      const { name, category, body } = call.body as { name: string; category?: string; body: string };
      if (body.includes('{{}}')) return { status: 400, body: { code: 'validation_failed', detail: 'body: a placeholder needs a name.' } };
      templates.set(ID, { name, category, versions: [body] });
      return { status: 201, body: view(ID) };
    }
    const id = call.path.replace('/v1/templates/', '');
    if (!templates.has(id)) return undefined;
    if (call.method === 'GET') return { status: 200, body: view(id, call.query.has('version') ? Number(call.query.get('version')) : undefined) };
    if (call.method === 'PATCH') {
      const { body } = call.body as { body: string };
      const versions = templates.get(id)!.versions;
      if (body !== versions.at(-1)) versions.push(body);
      return { status: 200, body: view(id) };
    }
    return undefined;
  });
  return { ...api, templates };
}

function renderAt(address: string, api: ReturnType<typeof templatesApi>) {
  return renderPage(
    <MemoryRouter initialEntries={[address]}>
      <Routes>
        <Route path="/templates" element={<TemplatesPage />} />
        <Route path="/templates/:id" element={<TemplatePage />} />
      </Routes>
    </MemoryRouter>,
    api,
  );
}

const versionRows = () =>
  within(screen.getByRole('table', { name: 'Versions' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => [within(row).getByRole('rowheader').textContent, ...within(row).getAllByRole('cell').map((cell) => cell.textContent)]);

describe('the templates pages', () => {
  it('says what to do without templates, creates one and opens it at version 1', async () => {
    const api = renderAt('/templates', templatesApi());
    expect(await screen.findByText(/No templates yet: create one above/)).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Template name'), 'order shipped');
    await userEvent.type(screen.getByLabelText('Category (optional)'), 'alerts');
    await userEvent.type(screen.getByLabelText(/^Text, with/), 'Hi {{{{name}}, order {{{{order}} is on its way.');
    await userEvent.click(screen.getByRole('button', { name: 'Create template' }));

    expect(await screen.findByRole('heading', { name: 'order shipped' })).toBeTruthy();
    expect(api.callsTo('POST', '/v1/templates').map((call) => call.body)).toEqual([
      { name: 'order shipped', category: 'alerts', body: 'Hi {{name}}, order {{order}} is on its way.' },
    ]);
    expect(await screen.findByRole('cell', { name: 'Hi {{name}}, order {{order}} is on its way.' })).toBeTruthy();
    expect(versionRows()).toEqual([['1 (current)', 'Hi {{name}}, order {{order}} is on its way.', 'name, order', '—']]);
  });

  it("shows the API's problem detail when a template is refused", async () => {
    renderAt('/templates', templatesApi());
    await screen.findByText(/No templates yet/);
    await userEvent.type(screen.getByLabelText('Template name'), 'broken');
    await userEvent.type(screen.getByLabelText(/^Text, with/), 'Hi {{{{}}');
    await userEvent.click(screen.getByRole('button', { name: 'Create template' }));
    expect((await screen.findByRole('alert')).textContent).toBe('body: a placeholder needs a name.');
  });

  it('saves a new text as a new version and lists every version, newest first', async () => {
    const api = templatesApi();
    api.templates.set(ID, { name: 'order shipped', versions: ['Order {{order}} shipped.'] });
    renderAt(`/templates/${ID}`, api);
    expect(await screen.findByRole('cell', { name: 'Order {{order}} shipped.' })).toBeTruthy();

    const text = screen.getByLabelText(/^Text, with/);
    await userEvent.clear(text);
    await userEvent.type(text, 'Hi {{{{name}}, order {{{{order}} left us.');
    await userEvent.click(screen.getByRole('button', { name: 'Save as new version' }));

    expect(await screen.findByRole('cell', { name: 'Hi {{name}}, order {{order}} left us.' })).toBeTruthy();
    expect(api.callsTo('PATCH', `/v1/templates/${ID}`).map((call) => call.body)).toEqual([{ body: 'Hi {{name}}, order {{order}} left us.' }]);
    expect(versionRows()).toEqual([
      ['2 (current)', 'Hi {{name}}, order {{order}} left us.', 'name, order', '—'],
      ['1', 'Order {{order}} shipped.', 'order', '—'],
    ]);
    expect(api.callsTo('GET', `/v1/templates/${ID}`).map((call) => call.query.get('version'))).toEqual(expect.arrayContaining(['1', '2']));
    expect(within(screen.getByText('Current version').parentElement!).getByText('2')).toBeTruthy();
  });
});
