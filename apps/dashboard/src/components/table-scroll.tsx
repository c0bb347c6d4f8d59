import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways inside its own box on a narrow screen instead of widening the page.
 * The box is a named, focusable region so a keyboard can scroll it too.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
