import { clickatellAdapterFactory } from './clickatell/clickatell.adapter';
import { httpGatewayAdapterFactory } from './http/http.adapter';
import { kavenegarAdapterFactory } from './kavenegar/kavenegar.adapter';
import { plivoAdapterFactory } from './plivo/plivo.adapter';
import type { ProviderAdapterFactory } from './provider-adapter';
import { smppAdapterFactory } from './smpp/smpp.adapter';
import { smsIrAdapterFactory } from './smsir/smsir.adapter';
import { snsAdapterFactory } from './sns/sns.adapter';
import { twilioAdapterFactory } from './twilio/twilio.adapter';
import { vonageAdapterFactory } from './vonage/vonage.adapter';

/** Every commercial provider Zagel can send through (the simulator is registered beside them). */
export const COMMERCIAL_ADAPTER_FACTORIES: readonly ProviderAdapterFactory[] = [
  twilioAdapterFactory,
  vonageAdapterFactory,
  plivoAdapterFactory,
  snsAdapterFactory,
  smsIrAdapterFactory,
  kavenegarAdapterFactory,
  clickatellAdapterFactory,
  httpGatewayAdapterFactory,
  smppAdapterFactory,
];
