import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Client } from 'pg';

/** Inodes of the sockets process `pid` holds open. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith('socket:[')) inodes.add(target.slice(8, -1));
      } catch {
        // Closed while we looked.
      }
    }
  } catch {
    // The process is gone.
  }
  return inodes;
}

/** Local port → socket inode of every TCP connection to `remotePort` (IPv4 and IPv6). */
function connectionsTo(remotePort: number): Map<string, number> {
  const byInode = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const port = (address: string) => parseInt(address.slice(address.lastIndexOf(':') + 1), 16);
      if (port(fields[2]) === remotePort) byInode.set(fields[9], port(fields[1]));
    }
  }
  return byInode;
}

export interface PostgresProcesses {
  /** Backend pids serving each client process's connections, by client pid. */
  backendsOf: Map<number, number[]>;
  /** Client backends of anyone else (other test runs on a shared server): left out of every figure. */
  otherClients: Set<number>;
}

/**
 * Which PostgreSQL backends serve the connections of `clientPids` (matched by the client's TCP
 * port in `pg_stat_activity`), so their CPU can be charged to the service that asked. Needs the
 * server on this machine, reached over TCP, and a role that sees every session (superuser).
 */
export async function findPostgresBackends(databaseUrl: string, clientPids: readonly number[]): Promise<PostgresProcesses> {
  const serverPort = Number(new URL(databaseUrl).port || 5432);
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-cost-accounting' });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number; client_port: number | null }>(
      `SELECT pid, client_port FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
    );
    const portOfInode = connectionsTo(serverPort);
    const backendByPort = new Map(rows.filter((row) => row.client_port !== null).map((row) => [row.client_port as number, row.pid]));
    const backendsOf = new Map<number, number[]>();
    const ours = new Set<number>();
    for (const clientPid of clientPids) {
      const backends: number[] = [];
      for (const inode of socketInodes(clientPid)) {
        const port = portOfInode.get(inode);
        const backend = port === undefined ? undefined : backendByPort.get(port);
        if (backend !== undefined) backends.push(backend);
      }
      backends.forEach((pid) => ours.add(pid));
      backendsOf.set(clientPid, backends);
    }
    const otherClients = new Set(rows.map((row) => row.pid).filter((pid) => !ours.has(pid)));
    // The bench's own connection (this one) is someone else's too.
    const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    otherClients.add(pid);
    return { backendsOf, otherClients };
  } finally {
    await client.end();
  }
}
