/** A phone (or a provider's inbound number) that can receive an SMS carried through the air. */
export interface SmsReceiver {
  receiveSms(from: string, body: string): Promise<unknown>;
}

export interface AirDelivery {
  from: string;
  to: string;
  body: string;
  /** Whether a receiver held the number (otherwise the SMS is lost, as to an unknown number). */
  delivered: boolean;
}

/**
 * The mobile network between simulated phones: an SMS a phone really sends reaches whichever
 * phone or inbound number holds the recipient's number. A lying phone never calls `carry`, so what
 * it claims to have sent never arrives; that is what number proofs and canaries detect.
 */
export class SimulatedAir {
  readonly deliveries: AirDelivery[] = [];
  private readonly receivers = new Map<string, SmsReceiver>();

  attach(number: string, receiver: SmsReceiver): void {
    this.receivers.set(number, receiver);
  }

  detach(number: string): void {
    this.receivers.delete(number);
  }

  async carry(from: string, to: string, body: string): Promise<boolean> {
    const receiver = this.receivers.get(to);
    this.deliveries.push({ from, to, body, delivered: receiver !== undefined });
    if (!receiver) return false;
    await receiver.receiveSms(from, body);
    return true;
  }
}
