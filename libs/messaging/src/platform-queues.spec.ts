import { Namespace } from '@zagel/config';
import { platformQueues } from './platform-queues';

describe('platformQueues', () => {
  it('lists every shared queue of a service with its kind, and no per-instance or retry queue', () => {
    const queues = platformQueues(new Namespace('t1'), ['ingestion']);
    const kinds = new Map(queues.map((queue) => [queue.name, queue.kind]));
    expect(kinds.get('t1.zagel.ingestion.bulk')).toBe('work');
    expect(kinds.get('t1.zagel.ingestion.bulk.retried')).toBe('work');
    expect(kinds.get('t1.zagel.ingestion.commands.live')).toBe('work');
    expect(kinds.get('t1.zagel.ingestion.rpc')).toBe('rpc');
    expect(kinds.get('t1.zagel.ingestion.rpc.bulk')).toBe('rpc');
    expect(kinds.get('t1.zagel.ingestion.events.dead')).toBe('dead');
    expect(kinds.get('t1.zagel.ingestion.otp')).toBe('work');
    expect(queues.every((queue) => queue.service === 'ingestion')).toBe(true);
    expect(queues.some((queue) => queue.name.includes('.retry.'))).toBe(false);
    expect(new Set(queues.map((queue) => queue.name)).size).toBe(queues.length);
  });
});
