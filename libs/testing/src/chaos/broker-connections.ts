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
  /** The management API's name, or rabbitmqctl's connection pid. */
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
  const ours = (await listThroughCtl()).filter((connection) => connection.clientName.startsWith(prefix));
  await Promise.all(ours.map((connection) => run('rabbitmqctl', ['close_connection', connection.handle, REASON], { timeout: 60_000 })));
  return { method: 'rabbitmqctl', closed: ours.map((connection) => connection.clientName) };
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

async function listThroughCtl(): Promise<BrokerConnection[]> {
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'pid', 'client_properties', '-q', '--no-table-headers'], { timeout: 60_000 });
  const connections: BrokerConnection[] = [];
  for (const line of stdout.split('\n')) {
    const [pid, properties = ''] = line.split('\t');
    const name = /\{"connection_name","([^"]*)"\}/.exec(properties)?.[1];
    if (pid?.startsWith('<') && name) connections.push({ handle: pid, clientName: name });
  }
  return connections;
}
