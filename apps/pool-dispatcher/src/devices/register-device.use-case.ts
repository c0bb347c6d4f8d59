import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DeviceErrorCode, IssueDeviceToken, RegisteredDevice, RegisterDeviceRequest } from '@zagel/contracts';
import { BusClient, InjectBusClient } from '@zagel/messaging';
import { canReceiveSms, lookupCarrier, normalizePhoneNumber } from '@zagel/phone';
import { carrierKey } from '../pools/pool-identity';
import { DeviceError } from './devices.errors';
import { DevicesRepository } from './devices.repository';

/**
 * Registers an owner's phone: an E.164 mobile number, its country and carrier read from the
 * number's range (the SIM's own report replaces the carrier later), and a device token from auth.
 */
@Injectable()
export class RegisterDeviceUseCase {
  constructor(
    private readonly devices: DevicesRepository,
    @InjectBusClient('auth') private readonly auth: BusClient,
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
    const inserted = await this.devices.insert({
      id,
      ownerId: request.ownerId,
      phoneNumber: number.e164,
      label: request.label,
      country: number.country,
      carrier,
    });
    if (!inserted) throw new DeviceError(DeviceErrorCode.PhoneNumberTaken, `${number.e164} is already registered.`);
    try {
      const { deviceToken } = await this.auth.call(IssueDeviceToken, { deviceId: id, ownerId: request.ownerId });
      return { id, deviceToken, phoneNumber: number.e164, country: number.country, carrier };
    } catch (error) {
      // Without a token the phone could never connect: the registration did not happen.
      await this.devices.delete(id);
      throw error;
    }
  }
}
