import { ReceivedMessage, registerPhone, SimulatedPhone, SimulatedPhoneOptions, simOperatorFor } from '@zagel/device-simulator';
import { until } from '../waiting/until';
import { TestPhoneOwner } from './accounts';

export interface TestPhoneOptions extends Partial<Omit<SimulatedPhoneOptions, 'gatewayUrl' | 'token' | 'deviceId' | 'phoneNumber' | 'carrier'>> {
  /** Default EG. */
  country?: string;
  /** The carrier its number and SIM belong to, e.g. Vodafone. Default: any of the country. */
  carrier?: string;
  label?: string;
  /** Connect it and wait until its owner sees it online. Default true. */
  connect?: boolean;
}

export interface TestPhone {
  phone: SimulatedPhone;
  deviceId: string;
  phoneNumber: string;
}

/** Simulated phones registered through the public API by their owners and connected to the device-gateway. */
export class PhoneRack {
  private readonly phones: SimulatedPhone[] = [];

  constructor(private readonly gatewayUrl: () => string) {}

  /** One phone of `owner`: registered, and (unless `connect: false`) online. */
  async phone(owner: TestPhoneOwner, options: TestPhoneOptions = {}): Promise<TestPhone> {
    const [phone] = await this.phonesOf(owner, 1, options);
    return phone;
  }

  /** `count` phones of `owner` on the same country and carrier, online together. */
  async phonesOf(owner: TestPhoneOwner, count: number, options: TestPhoneOptions = {}): Promise<TestPhone[]> {
    const { country = 'EG', carrier, label, connect = true, ...phoneOptions } = options;
    const registered = [];
    for (let index = 0; index < count; index += 1) {
      registered.push(await registerPhone(owner.api, { country, carrier, label: label ?? `${carrier ?? country} phone` }));
    }
    const phones = registered.map((device) => {
      const phone = new SimulatedPhone({
        gatewayUrl: this.gatewayUrl(),
        token: device.deviceToken,
        deviceId: device.deviceId,
        phoneNumber: device.phoneNumber,
        heartbeatIntervalMs: 0,
        reconnect: false,
        carrier: carrier ? simOperatorFor(country, carrier) : undefined,
        ...phoneOptions,
      });
      this.phones.push(phone);
      return { phone, deviceId: device.deviceId, phoneNumber: device.phoneNumber! };
    });
    if (connect) {
      await Promise.all(phones.map(({ phone }) => phone.connect()));
      await this.online(owner, phones.map(({ deviceId }) => deviceId));
    }
    return phones;
  }

  /** Waits until the owner's device list shows every one of the devices online. */
  async online(owner: TestPhoneOwner, deviceIds: string[]): Promise<void> {
    await until(
      async () => {
        const listed = (await owner.api.get('/v1/devices?limit=100')).body.items;
        return deviceIds.every((id) => listed.some((device) => device.id === id && device.online));
      },
      { what: `${deviceIds.length} phone(s) to be online`, interval: 100 },
    );
  }

  /** Closes every phone's connection (between tests, so the next routes only to its own phones). */
  disconnectAll(): void {
    for (const phone of this.phones.splice(0)) phone.close();
  }
}

/** The first of `phones` to receive an SMS to `to`, and that SMS (waiting until one does). */
export function smsTo(phones: readonly TestPhone[], to: string, deadline = 15_000): Promise<{ phone: TestPhone; message: ReceivedMessage }> {
  return until(
    () => {
      for (const phone of phones) {
        const message = phone.phone.received.find((sms) => sms.to === to);
        if (message) return { phone, message };
      }
      return undefined;
    },
    { what: `one of ${phones.length} phone(s) to receive an SMS to ${to}`, deadline },
  );
}

/** The code in a verification text: the built-in English one ("... code is 482913. ..."), or any with `pattern`. */
export function otpCodeIn(body: string, pattern = /code is ([0-9A-Z]{4,10})\./): string {
  const match = pattern.exec(body);
  if (!match) throw new Error(`no code in ${JSON.stringify(body)}`);
  return match[1];
}
