import { FormEvent, useState } from 'react';
import { Schema } from '@zagel/sdk';
import { useApiMutation, useApiQuery } from '../../api/use-api';
import { listQuery, useCursorPages } from '../../api/use-cursor-pages';
import { PageControls } from '../../components/page-controls';
import { ProblemMessage } from '../../components/problem-message';
import { TableScroll } from '../../components/table-scroll';

const OPT_OUTS = ['opt-outs'] as const;
export const OPT_OUTS_PAGE_SIZE = 50;

/**
 * Numbers that opted out of the organization's promotional messages: `GET /v1/opt-outs` (a page at a
 * time; the API has no search), `POST /v1/opt-outs`, `DELETE /v1/opt-outs/{phoneNumber}`.
 */
export function OptOutsPage() {
  const pages = useCursorPages();
  const optOuts = useApiQuery([...OPT_OUTS, pages.cursor], (api) => api.get(`/v1/opt-outs${listQuery(pages, OPT_OUTS_PAGE_SIZE)}`));
  const add = useApiMutation((api, body: Schema<'AddOptOutBody'>) => api.post('/v1/opt-outs', body), OPT_OUTS);
  const remove = useApiMutation((api, phoneNumber: string) => api.delete(`/v1/opt-outs/${encodeURIComponent(phoneNumber)}`), OPT_OUTS);
  const [done, setDone] = useState<string>();
  const items = optOuts.data?.items ?? [];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const body: Schema<'AddOptOutBody'> = { phoneNumber: text('phoneNumber') };
    if (text('defaultCountry')) body.defaultCountry = text('defaultCountry').toUpperCase();
    if (text('reason')) body.reason = text('reason');
    setDone(undefined);
    add.mutate(body, {
      onSuccess: (added) => {
        setDone(`${added.phoneNumber} will get no more promotional messages.`);
        target.reset();
      },
    });
  }

  function removeNumber(phoneNumber: string) {
    setDone(undefined);
    remove.mutate(phoneNumber, { onSuccess: () => setDone(`${phoneNumber} can receive promotional messages again.`) });
  }

  return (
    <section aria-labelledby="opt-outs-title">
      <h1 id="opt-outs-title">Opt-outs</h1>
      <p>Promotional messages (single sends, batches and campaigns) skip these numbers; verification codes and transactional messages still reach them.</p>
      <form onSubmit={submit}>
        <h2>Add a number</h2>
        <label>
          Phone number
          <input name="phoneNumber" required maxLength={64} inputMode="tel" autoComplete="off" placeholder="+14155550123" />
        </label>
        <label>
          Country of a national number (two letters, optional)
          <input name="defaultCountry" minLength={2} maxLength={2} autoComplete="off" placeholder="EG" />
        </label>
        <label>
          Reason (optional)
          <input name="reason" maxLength={200} placeholder="asked by phone" />
        </label>
        <ProblemMessage error={add.error} />
        <button type="submit" disabled={add.isPending}>
          Add opt-out
        </button>
      </form>
      {done && <p role="status">{done}</p>}
      <ProblemMessage error={optOuts.error ?? remove.error} />
      {optOuts.data && items.length === 0 && (
        <p>{pages.number > 1 ? 'No more numbers: go back a page.' : 'No number has opted out. Add one above when someone asks you by another channel.'}</p>
      )}
      {items.length > 0 && (
        <TableScroll label="Opted-out numbers">
          <table>
            <caption>Opted-out numbers</caption>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Reason</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((optOut) => (
                <tr key={optOut.phoneNumber}>
                  <td>{optOut.phoneNumber}</td>
                  <td>{optOut.reason ?? ''}</td>
                  <td>{new Date(optOut.createdAt).toLocaleDateString()}</td>
                  <td>
                    <button type="button" onClick={() => removeNumber(optOut.phoneNumber)} disabled={remove.isPending} aria-label={`Remove ${optOut.phoneNumber}`}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <PageControls pages={pages} nextCursor={optOuts.data?.nextCursor} label="Opt-outs" />
    </section>
  );
}
