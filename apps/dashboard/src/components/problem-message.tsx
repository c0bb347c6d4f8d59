import { problemText } from '../api/use-api';

/** A failed call as a readable sentence, announced to screen readers. */
export function ProblemMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="problem">
      {problemText(error)}
    </p>
  );
}
