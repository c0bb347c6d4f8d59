import { ChangeEvent, FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useApiMutation, useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';
import { CampaignMapping, campaignFormFields, mappingProblems, suggestedMapping, TextSource, unfilledPlaceholders } from './campaign-mapping';
import { previewKey } from './campaign-progress';
import { CsvPreview, previewCsv, readFileStart } from './csv-preview';

const EMPTY_MAPPING: CampaignMapping = {
  name: '',
  phoneColumn: '',
  text: { kind: 'column', column: '' },
  defaultCountry: '',
  type: 'promotional',
  route: 'auto',
  ratePerSecond: '',
};

function FilePreview({ preview }: { preview: CsvPreview }) {
  return (
    <table>
      <caption>
        File preview: first {preview.rows.length} rows, separated by {preview.delimiter === ';' ? 'semicolons' : 'commas'}
      </caption>
      <thead>
        <tr>
          {preview.header.map((column, index) => (
            <th scope="col" key={index}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {preview.rows.map((row, line) => (
          <tr key={line}>
            {preview.header.map((_, index) => (
              <td key={index}>{row[index] ?? ''}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ColumnSelect({ label, header, value, onChange }: { label: string; header: readonly string[]; value: string; onChange: (column: string) => void }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        {!header.includes(value) && <option value={value}>Choose a column</option>}
        {header.map((column) => (
          <option key={column} value={column}>
            {column}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The saved templates (`GET /v1/templates`), fetched only when that source is chosen. */
function SavedTemplateSelect({ value, onChange }: { value: string; onChange: (templateId: string) => void }) {
  const templates = useApiQuery(['templates'], (api) => api.get('/v1/templates?limit=100'));
  return (
    <>
      <label>
        Saved template
        <select value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">Choose a template</option>
          {templates.data?.items.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name}: {template.body}
            </option>
          ))}
        </select>
      </label>
      <ProblemMessage error={templates.error} />
      {templates.data?.items.length === 0 && <p>No saved template yet: write one inline instead, or create one with POST /v1/templates.</p>}
    </>
  );
}

/**
 * A new campaign in three steps: choose a file (its first rows are read in the browser and shown),
 * map its columns (the phone column; the text from a column, an inline template or a saved one), and
 * upload it as a draft (`POST /v1/campaigns`, `start=false`) whose totals and estimate the campaign
 * page shows with Start.
 */
export function CampaignUploadWizard() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<CsvPreview>();
  const [readError, setReadError] = useState<unknown>();
  const [mapping, setMapping] = useState<CampaignMapping>(EMPTY_MAPPING);
  const upload = useApiMutation((api, form: FormData) => api.postForm('/v1/campaigns', form), ['campaigns']);
  const change = (next: Partial<CampaignMapping>) => setMapping((current) => ({ ...current, ...next }));
  const problems = preview ? mappingProblems(mapping, preview) : [];

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0];
    setFile(chosen);
    setPreview(undefined);
    setReadError(undefined);
    if (!chosen) return;
    try {
      const start = await readFileStart(chosen);
      const read = previewCsv(start.text, start.whole);
      if (!read) throw new Error('The file is empty: its first line must name the columns.');
      setPreview(read);
      setMapping((current) => suggestedMapping(read, current));
    } catch (error) {
      setReadError(error);
    }
  }

  function chooseSource(kind: TextSource['kind']) {
    if (kind === 'column' && preview) change({ text: suggestedMapping(preview, { ...mapping, text: { kind, column: '' } }).text });
    if (kind === 'template') change({ text: { kind, text: '' } });
    if (kind === 'saved') change({ text: { kind, templateId: '' } });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file || problems.length > 0) return;
    const form = new FormData();
    for (const [name, value] of campaignFormFields(mapping)) form.append(name, value);
    form.append('file', file);
    upload.mutate(form, {
      onSuccess: (created) => {
        // Only the upload's answer carries the preview: kept for the campaign page, which reads the campaign again.
        queries.setQueryData(previewKey(created.id), created.preview ?? []);
        queries.setQueryData(['campaigns', created.id], created);
        void navigate(`/campaigns/${created.id}`);
      },
    });
  }

  const { text } = mapping;
  const unfilled = preview && text.kind === 'template' ? unfilledPlaceholders(text.text, preview.header) : [];

  return (
    <form onSubmit={submit} aria-labelledby="new-campaign-title">
      <h2 id="new-campaign-title">New campaign</h2>
      <fieldset>
        <legend>1. Recipients file</legend>
        <label>
          Recipients file (CSV with a header row)
          <input name="file" type="file" accept=".csv,text/csv" onChange={(event) => void choose(event)} />
        </label>
        <ProblemMessage error={readError} />
        {preview && <FilePreview preview={preview} />}
      </fieldset>
      {preview && (
        <fieldset>
          <legend>2. Columns and text</legend>
          <ColumnSelect label="Phone column" header={preview.header} value={mapping.phoneColumn} onChange={(phoneColumn) => change({ phoneColumn })} />
          <div role="radiogroup" aria-label="Message text">
            <label className="inline">
              <input type="radio" name="text-source" checked={text.kind === 'column'} onChange={() => chooseSource('column')} />
              From a column
            </label>
            <label className="inline">
              <input type="radio" name="text-source" checked={text.kind === 'template'} onChange={() => chooseSource('template')} />
              Template
            </label>
            <label className="inline">
              <input type="radio" name="text-source" checked={text.kind === 'saved'} onChange={() => chooseSource('saved')} />
              Saved template
            </label>
          </div>
          {text.kind === 'column' && (
            <ColumnSelect label="Message column" header={preview.header} value={text.column} onChange={(column) => change({ text: { kind: 'column', column } })} />
          )}
          {text.kind === 'template' && (
            <>
              <label>
                Template, with {'{{column}}'} placeholders (e.g. Hi {'{{name}}'})
                <textarea rows={3} value={text.text} onChange={(event) => change({ text: { kind: 'template', text: event.target.value } })} />
              </label>
              <p role="status">
                {unfilled.length > 0
                  ? `No column for ${unfilled.map((name) => `{{${name}}}`).join(', ')}`
                  : `Columns you can use: ${preview.header.map((column) => `{{${column}}}`).join(' ')}`}
              </p>
            </>
          )}
          {text.kind === 'saved' && <SavedTemplateSelect value={text.templateId} onChange={(templateId) => change({ text: { kind: 'saved', templateId } })} />}
          <label>
            Default country for national numbers (two letters, optional)
            <input value={mapping.defaultCountry} maxLength={2} onChange={(event) => change({ defaultCountry: event.target.value })} />
          </label>
        </fieldset>
      )}
      <fieldset>
        <legend>3. Sending</legend>
        <label>
          Campaign name
          <input value={mapping.name} placeholder="Spring sale" onChange={(event) => change({ name: event.target.value })} />
        </label>
        <label>
          Type
          <select value={mapping.type} onChange={(event) => change({ type: event.target.value as CampaignMapping['type'] })}>
            <option value="promotional">Promotional</option>
            <option value="transactional">Transactional</option>
          </select>
        </label>
        <label>
          Route
          <select value={mapping.route} onChange={(event) => change({ route: event.target.value as CampaignMapping['route'] })}>
            <option value="auto">Automatic</option>
            <option value="devices">Phone pool</option>
            <option value="providers">Providers</option>
          </select>
        </label>
        <label>
          Messages per second (optional)
          <input value={mapping.ratePerSecond} type="number" min={1} inputMode="numeric" onChange={(event) => change({ ratePerSecond: event.target.value })} />
        </label>
      </fieldset>
      {preview && problems.length > 0 && (
        <ul className="problem" aria-label="Before uploading">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <ProblemMessage error={upload.error} />
      <button type="submit" disabled={upload.isPending || !preview || problems.length > 0}>
        Upload and preview
      </button>
    </form>
  );
}
