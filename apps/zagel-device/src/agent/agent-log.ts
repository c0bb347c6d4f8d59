/** One JSON line per event on stdout (a supervisor such as systemd or termux-services keeps them). Never the token. */
export type AgentLog = (event: string, details?: Record<string, unknown>) => void;

export const jsonLinesLog: AgentLog = (event, details = {}) => {
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), event, ...details })}\n`);
};

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
