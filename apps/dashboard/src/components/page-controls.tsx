import type { CursorPages } from '../api/use-cursor-pages';

/** Previous and next buttons under a paged table; "next" only while the API answered a next cursor. */
export function PageControls({ pages, nextCursor, label }: { pages: CursorPages; nextCursor?: string; label: string }) {
  if (pages.number === 1 && !nextCursor) return null;
  return (
    <nav aria-label={`${label} pages`} className="actions">
      <button type="button" onClick={pages.previous} disabled={pages.number === 1}>
        Previous page
      </button>
      <span aria-live="polite">Page {pages.number}</span>
      <button type="button" onClick={() => nextCursor && pages.next(nextCursor)} disabled={!nextCursor}>
        Next page
      </button>
    </nav>
  );
}
