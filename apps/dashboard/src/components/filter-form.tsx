import { FormEvent, ReactNode } from 'react';

interface FilterFormProps {
  /** The form's accessible name, e.g. "Filter messages". */
  label: string;
  /** The filters shown now, as the page address has them: the fields start from these after back/forward. */
  current: URLSearchParams;
  /** The fields, named like the address's search parameters. */
  children: ReactNode;
  /** Apply hands over the fields' values; Clear hands over none. */
  onApply: (search: URLSearchParams) => void;
}

/** A list page's filters: fields named like the page address's search parameters, Apply and Clear. */
export function FilterForm({ label, current, children, onApply }: FilterFormProps) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onApply(new URLSearchParams([...form.entries()].map(([name, value]) => [name, String(value)])));
  }
  // Keyed by the filters so the fields show the address's filters after back/forward.
  return (
    <form onSubmit={submit} key={current.toString()} aria-label={label}>
      <div className="filters">{children}</div>
      <div className="actions">
        <button type="submit">Apply filters</button>
        <button type="button" onClick={() => onApply(new URLSearchParams())}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
