import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DeviceErrorCode, IssueDeviceToken, RegisteredDevice, RegisterDeviceRequest } from '@zagel/contracts';
import { BusClient, InjectBusClient } from '@zagel/messaging';
import { canReceiveSms, lookupCarrier, normalizePhoneNumber } from '@zagel/phone';
import { PoolDispatcherConfig } from '../config';
import { carrierKey } from '../pools/pool-identity';
import { SendDeviceProofUseCase } from '../proof/send-device-proof.use-case';
import { DeviceError } from './devices.errors';
import { DevicesRepository } from './devices.repository';

/**
 * Registers an owner's phone: an E.164 mobile number, its country and carrier read from the
 * number's range (the SIM's own report replaces the carrier later), and a device token from auth.
 * The phone starts unverified and a proof code goes to its number (DEVICE_NUMBER_PROOF=required):
 * a number another phone holds may be claimed, and moves only when the claim is proven.
 */
@Injectable()
export class RegisterDeviceUseCase {
  private readonly logger = new Logger(RegisterDeviceUseCase.name);

  constructor(
    private readonly devices: DevicesRepository,
    @InjectBusClient('auth') private readonly auth: BusClient,
    private readonly proofs: SendDeviceProofUseCase,
    private readonly settings: PoolDispatcherConfig,
  ) {}

  async execute(request: RegisterDeviceRequest): Promise<RegisteredDevice> {
    const number = normalizePhoneNumber(request.phoneNumber);
    if (!number.ok) {
      throw new DeviceError(DeviceErrorCode.InvalidPhoneNumber, `${number.detail} Use the E.164 form, e.g. +201001234567.`, {
        reasons: [number.problem],
      });
    }
    if (!canReceiveSms(number.type)) {
      throw new DeviceError(DeviceErrorCode.NotMobile, `${number.e164} is a ${number.type.replace(/_/g, ' ')} number; a phone in the pool needs a mobile number.`, {
        reasons: [number.type],
      });
    }
    const id = uuidv7();
    const carrier = carrierKey(await lookupCarrier(number.e164));
    const trusted = this.settings.DEVICE_NUMBER_PROOF === 'off';
    const inserted = await this.devices.insert({
      id,
      ownerId: request.ownerId,
      phoneNumber: number.e164,
      label: request.label,
      country: number.country,
      carrier,
      verified: trusted,
    });
    if (!inserted) {
      throw new DeviceError(DeviceErrorCode.PhoneNumberTaken, trusted ? `${number.e164} is already registered.` : `You registered ${number.e164} before.`);
    }
    let deviceToken: string;
    try {
      ({ deviceToken } = await this.auth.call(IssueDeviceToken, { deviceId: id, ownerId: request.ownerId }));
    } catch (error) {
      // Without a token the phone could never connect: the registration did not happen.
      await this.devices.delete(id);
      throw error;
    }
    if (!trusted) await this.sendFirstProof(id);
    return { id, deviceToken, phoneNumber: number.e164, country: number.country, carrier, verification: trusted ? 'verified' : 'unverified' };
  }

  /** The phone is registered either way: a code that could not go now (a number asked too often) is asked for again later. */
  private async sendFirstProof(id: string): Promise<void> {
    try {
      const row = await this.devices.byId(id);
      if (row) await this.proofs.send(row);
    } catch (error) {
      this.logger.warn(`device ${id}: no proof code sent at registration: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
