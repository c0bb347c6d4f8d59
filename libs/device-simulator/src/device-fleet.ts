import { DeviceCredentials } from './fleet-state';
import { ReceivedMessage, SimulatedPhone, SimulatedPhoneOptions } from './simulated-phone';

export type FleetPhoneOptions = Omit<SimulatedPhoneOptions, 'token' | 'deviceId' | 'phoneNumber'>;

/** Any number of simulated phones with shared settings: connect them, read what they received, close them. */
export class DeviceFleet {
  readonly phones: SimulatedPhone[] = [];

  constructor(private readonly options: FleetPhoneOptions) {}

  /** Connects one phone per credential, `concurrency` handshakes at a time; rejects if any is refused. */
  async connect(credentials: readonly DeviceCredentials[], concurrency = 25): Promise<SimulatedPhone[]> {
    const phones = credentials.map(
      (device) => new SimulatedPhone({ ...this.options, token: device.deviceToken, deviceId: device.deviceId, phoneNumber: device.phoneNumber }),
    );
    this.phones.push(...phones);
    let next = 0;
    const worker = async () => {
      while (next < phones.length) {
        const phone = phones[next];
        next += 1;
        await phone.connect();
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, phones.length) }, worker));
    return phones;
  }

  phone(deviceId: string): SimulatedPhone | undefined {
    return this.phones.find((phone) => phone.options.deviceId === deviceId);
  }

  received(): ReceivedMessage[] {
    return this.phones.flatMap((phone) => phone.received);
  }

  get connectedCount(): number {
    return this.phones.filter((phone) => phone.connected).length;
  }

  close(): void {
    for (const phone of this.phones) phone.close();
  }
}
