/** `register --server URL --token=T --sim-slot 1` → { command: 'register', options: {server, token, 'sim-slot'} }. */
export interface ParsedArguments {
  command?: string;
  options: Record<string, string | true>;
}

export function parseArguments(argv: readonly string[]): ParsedArguments {
  const options: Record<string, string | true> = {};
  let command: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument.startsWith('--')) {
      const [name, inline] = argument.slice(2).split(/=(.*)/s, 2);
      const next = argv[index + 1];
      if (inline !== undefined) options[name] = inline;
      else if (next !== undefined && !next.startsWith('--')) options[name] = argv[++index];
      else options[name] = true;
    } else if (command === undefined) {
      command = argument;
    } else {
      throw new Error(`unexpected argument: ${argument}`);
    }
  }
  return { command, options };
}
