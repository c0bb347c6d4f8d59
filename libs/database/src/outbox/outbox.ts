import { DataSource, EntityManager } from 'typeorm';
import { Contract, findContract, MessageMetadata, parsePayload } from '@zagel/contracts';
import { OutgoingMessage, prepareCommand, prepareEvent, PublishOptions } from '@zagel/messaging';
import { commitOutboxStatement, forgetOutboxMessages, rememberOutboxMessages, takePublishedForDelete } from './outbox-commit-hook';

/** Overrides for what a message would otherwise inherit from the work in progress. */
export interface OutboxMessageOptions extends PublishOptions {
  /** Required for a command: the service (and, for one instance's queue, the instance) it goes to. */
  target?: { service: string; instanceId?: string };
}

/** Validates a prepared message against its registered contract (type and version must match). */
function validated(message: OutgoingMessage): OutgoingMessage {
  const { type, version } = message.metadata;
  const contract = findContract(type);
  if (!contract) throw new TypeError(`no contract is registered for ${type}`);
  if (contract.version !== version) {
    throw new TypeError(`${type} is version ${contract.version}, the message says ${version}`);
  }
  return { ...message, payload: parsePayload(type, contract.payload, message.payload) };
}

function build<P extends object>(
  contract: Contract<P>,
  payload: P,
  options: OutboxMessageOptions = {},
): OutgoingMessage {
  if (contract.kind === 'event') return prepareEvent(contract, payload, options);
  if (contract.kind === 'rpc') throw new TypeError(`${contract.type} is an rpc: it cannot go through the outbox`);
  if (!options.target) throw new TypeError(`${contract.type} is a command: options.target is required`);
  return prepareCommand(contract, options.target, payload, options);
}

// The rows go as one JSON document: a batch's payload (500 recipients or statuses) is nested, not
// a string inside a Postgres array literal, which the driver would escape character by character.
const INSERT = `
  INSERT INTO outbox (id, destination, type, version, metadata, payload)
  SELECT id, destination, type, version, metadata, payload
  FROM jsonb_to_recordset($1::jsonb) AS m (id uuid, destination jsonb, type text, version int, metadata jsonb, payload jsonb)`;

// Rows this process has published ride along: their DELETE costs no round trip of its own.
const INSERT_AND_DELETE_PUBLISHED = `
  WITH published AS (DELETE FROM outbox WHERE id = ANY($2::uuid[]))
  ${INSERT}`;

function outboxRows(messages: readonly OutgoingMessage[]): string {
  return JSON.stringify(
    messages.map((message) => ({
      id: message.metadata.messageId,
      destination: message.destination,
      type: message.metadata.type,
      version: message.metadata.version,
      metadata: message.metadata,
      payload: message.payload,
    })),
  );
}

async function insert(manager: EntityManager, messages: readonly OutgoingMessage[]): Promise<void> {
  const runner = rememberOutboxMessages(manager, messages);
  const published = takePublishedForDelete(manager);
  const rows = outboxRows(messages);
  if (published.length === 0) await runner.query(INSERT, [rows]);
  else await runner.query(INSERT_AND_DELETE_PUBLISHED, [rows, published]);
}

/** A statement of the caller's: its data-modifying CTEs (`name AS (...)`, comma separated), the query after them, and its parameters. */
export interface OutboxStatement {
  ctes: string;
  select: string;
  params: unknown[];
}

/**
 * Runs the caller's statement with the outbox rows of `messages` written by CTEs of the same
 * statement, outside any transaction: one statement is atomic and commits by itself, so the business
 * rows and their messages commit together in one round trip (no BEGIN, no COMMIT). Once it returned,
 * the messages are published like a transaction's after its commit; published rows ride along for
 * deletion as with `add`. Answers the statement's rows.
 */
async function commitWith<R>(dataSource: DataSource, messages: readonly PreparedOutboxMessage[], statement: OutboxStatement): Promise<R[]> {
  const outgoing = messages.map((message) => message.prepared);
  return commitOutboxStatement(dataSource, outgoing, async (published) => {
    const params = [...statement.params];
    const parameter = (value: unknown) => `$${params.push(value)}`;
    const ctes = [statement.ctes];
    if (outgoing.length > 0) {
      ctes.push(`zagel_outbox AS (
        INSERT INTO outbox (id, destination, type, version, metadata, payload)
        SELECT id, destination, type, version, metadata, payload
        FROM jsonb_to_recordset(${parameter(outboxRows(outgoing))}::jsonb)
          AS m (id uuid, destination jsonb, type text, version int, metadata jsonb, payload jsonb))`);
    }
    if (published.length > 0) ctes.push(`zagel_published AS (DELETE FROM outbox WHERE id = ANY(${parameter(published)}::uuid[]))`);
    return (await dataSource.query(`WITH ${ctes.join(',\n')}\n${statement.select}`, params)) as R[];
  });
}

/** Stores a prepared message (e.g. from the messaging lib's prepareEvent) in the caller's transaction. */
async function add(manager: EntityManager, message: OutgoingMessage): Promise<MessageMetadata>;
/** Validates the payload, stamps metadata (UUIDv7 id) and stores the message in the caller's transaction. */
async function add<P extends object>(
  manager: EntityManager,
  contract: Contract<P>,
  payload: P,
  options?: OutboxMessageOptions,
): Promise<MessageMetadata>;
async function add<P extends object>(
  manager: EntityManager,
  messageOrContract: OutgoingMessage | Contract<P>,
  payload?: P,
  options?: OutboxMessageOptions,
): Promise<MessageMetadata> {
  const message =
    'metadata' in messageOrContract ? validated(messageOrContract) : build(messageOrContract, payload as P, options);
  await insert(manager, [message]);
  return message.metadata;
}

/** Stores many messages of one contract with one statement; validates all before writing any. */
async function addMany<P extends object>(
  manager: EntityManager,
  contract: Contract<P>,
  payloads: readonly P[],
  options?: Omit<OutboxMessageOptions, 'messageId'>,
): Promise<MessageMetadata[]> {
  const messages = payloads.map((payload) => build(contract, payload, options));
  if (messages.length > 0) await insert(manager, messages);
  return messages.map((message) => message.metadata);
}

/** A message built and validated by `Outbox.prepare`, to be stored with others by `Outbox.addPrepared`. */
export interface PreparedOutboxMessage {
  readonly prepared: OutgoingMessage;
}

/** Validates the payload and stamps metadata now; nothing is written until `addPrepared`. */
function prepare<P extends object>(contract: Contract<P>, payload: P, options?: OutboxMessageOptions): PreparedOutboxMessage {
  return { prepared: build(contract, payload, options) };
}

/**
 * Stores messages of different contracts with one statement (one database round trip on a hot
 * path instead of one per message), in the given order.
 */
async function addPrepared(manager: EntityManager, messages: readonly PreparedOutboxMessage[]): Promise<MessageMetadata[]> {
  if (messages.length > 0) await insert(manager, messages.map((message) => message.prepared));
  return messages.map((message) => message.prepared.metadata);
}

/**
 * Takes back messages of `contract` this transaction wrote whose payload matches `which` (their
 * business change was undone inside the same transaction): their rows are deleted and nothing is
 * published for them. Returns how many. Messages of committed transactions cannot be taken back.
 */
async function withdraw<P extends object>(
  manager: EntityManager,
  contract: Contract<P>,
  which: (payload: P) => boolean,
): Promise<number> {
  const withdrawn = forgetOutboxMessages(
    manager,
    (message) => message.metadata.type === contract.type && which(message.payload as P),
  );
  if (withdrawn.length > 0) {
    await manager.query(`DELETE FROM outbox WHERE id = ANY($1::uuid[])`, [withdrawn.map((message) => message.metadata.messageId)]);
  }
  return withdrawn.length;
}

/**
 * The transactional outbox: messages written here commit or roll back with the caller's
 * business change. Right after the commit the process's OutboxRelay publishes them from memory
 * (the rows are deleted once the broker confirmed them); its sweeper republishes rows a crash left
 * behind. At least once: consumers dedupe. Always pass the transaction's EntityManager.
 */
export const Outbox = { add, addMany, prepare, addPrepared, commitWith, withdraw };
