import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface DroppedConnections {
  /** How the connections were closed: the management API, or `rabbitmqctl` on this machine. */
  method: 'management-api' | 'rabbitmqctl';
  /** The client-provided names of the connections closed. */
  closed: string[];
}

interface BrokerConnection {
  /** The management API's name of the connection. */
  handle: string;
  clientName: string;
}

/** The management plugin's default port. */
const MANAGEMENT_PORT = 15672;
const REASON = 'chaos: every broker connection of this platform dropped';

/**
 * Closes every broker connection whose client-provided name (`connection_name`, which every Zagel
 * process sets to `<namespace>.zagel.<service>/<instance>/<role>`) starts with `prefix`, and no other:
 * other platforms may share the broker. Uses the management API when it answers, else `rabbitmqctl`.
 */
export async function dropBrokerConnections(rabbitmqUrl: string, prefix: string): Promise<DroppedConnections> {
  const management = managementBase(rabbitmqUrl);
  const listed = await listThroughManagement(management).catch(() => undefined);
  if (listed) {
    const ours = listed.filter((connection) => connection.clientName.startsWith(prefix));
    await Promise.all(
      ours.map((connection) =>
        fetch(`${management.url}/api/connections/${encodeURIComponent(connection.handle)}`, {
          method: 'DELETE',
          headers: { authorization: management.authorization, 'x-reason': REASON },
        }),
      ),
    );
    return { method: 'management-api', closed: ours.map((connection) => connection.clientName) };
  }
  const closed = await closeThroughCtl(prefix);
  // A drop that found nothing proves nothing: the run must not pass as if it had survived one.
  if (closed.length === 0) throw new Error(`no broker connection named ${prefix}… to drop`);
  return { method: 'rabbitmqctl', closed };
}

/**
 * One `rabbitmqctl eval` lists and closes them all inside the broker. (A `rabbitmqctl close_connection`
 * per connection boots an Erlang VM each, about a CPU-second: sixteen at once starved every process on a
 * 2-core machine, the harness's phones included, for 10 s and more.)
 */
async function closeThroughCtl(prefix: string): Promise<string[]> {
  if (!/^[\w.-]+$/.test(prefix)) throw new Error(`not a connection name prefix: ${prefix}`);
  const closeMatching = [
    `Prefix = <<"${prefix}">>, Size = byte_size(Prefix),`,
    `[begin rabbit_networking:close_connection(Pid, "${REASON}"), Name end`,
    '|| Pid <- rabbit_networking:connections(),',
    // A connection that closes meanwhile has no info: skipped.
    '{client_properties, Properties} <- [catch lists:keyfind(client_properties, 1, rabbit_networking:connection_info(Pid, [client_properties]))],',
    '{_, _, Name} <- [lists:keyfind(<<"connection_name">>, 1, Properties)],',
    'is_binary(Name), byte_size(Name) >= Size, binary:part(Name, 0, Size) =:= Prefix].',
  ].join(' ');
  const { stdout } = await run('rabbitmqctl', ['eval', closeMatching], { timeout: 60_000 });
  return [...stdout.matchAll(/<<"([^"]*)">>/g)].map((match) => match[1]);
}

function managementBase(rabbitmqUrl: string): { url: string; authorization: string } {
  const amqp = new URL(rabbitmqUrl);
  const user = decodeURIComponent(amqp.username || 'guest');
  const password = decodeURIComponent(amqp.password || 'guest');
  return { url: `http://${amqp.hostname}:${MANAGEMENT_PORT}`, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

async function listThroughManagement(management: { url: string; authorization: string }): Promise<BrokerConnection[] | undefined> {
  const response = await fetch(`${management.url}/api/connections?columns=name,client_properties`, {
    headers: { authorization: management.authorization },
    signal: AbortSignal.timeout(3_000),
  });
  if (!response.ok) return undefined;
  const rows = (await response.json()) as { name: string; client_properties?: { connection_name?: string } }[];
  return rows.map((row) => ({ handle: row.name, clientName: row.client_properties?.connection_name ?? '' }));
}
