import type {
  AdapterContext,
  DeliveryReport,
  OutboundSms,
  ProviderAdapter,
  ProviderAdapterFactory,
  SubmitResult,
} from '../provider-adapter';
import { buildSubmitParts } from './smpp.encoding';
import { SmppSettings } from './smpp.settings';
import { SmppLink } from './smpp-link';
import { PartReceipts } from './part-receipts';

const REGISTERED_DELIVERY_FINAL_RECEIPT = 0x01;

function address(value: string): { ton: number; npi: number; addr: string } {
  if (/^\+?\d+$/.test(value)) return { ton: 1, npi: 1, addr: value.replace(/^\+/, '') };
  return { ton: 5, npi: 0, addr: value };
}

class SmppAdapter implements ProviderAdapter {
  readonly kind = 'smpp' as const;
  readonly maxSegments: number;
  private readonly link: SmppLink;
  private readonly parts = new PartReceipts();
  private reference = Math.floor(Math.random() * 256);

  constructor(
    private readonly settings: SmppSettings,
    private readonly context: AdapterContext,
  ) {
    this.maxSegments = settings.maxSegments ?? 10;
    this.link = new SmppLink(settings, (report) => {
      const combined = this.parts.combine(report);
      if (combined) this.context.onReport(combined);
    }, context.onInbound);
    this.link.start();
  }

  async send(sms: OutboundSms): Promise<SubmitResult> {
    this.reference = (this.reference + 1) & 0xff;
    const source = address(sms.from ?? this.settings.sourceAddr ?? '');
    const destination = address(sms.to);
    const parts = buildSubmitParts(sms.body, this.settings.longMessages ?? 'payload', this.reference, sms.format, sms.udh);
    const ids: string[] = [];
    for (const part of parts) {
      ids.push(
        await this.link.submit({
          source_addr_ton: source.ton,
          source_addr_npi: source.npi,
          source_addr: source.addr,
          dest_addr_ton: destination.ton,
          dest_addr_npi: destination.npi,
          destination_addr: destination.addr,
          registered_delivery: REGISTERED_DELIVERY_FINAL_RECEIPT,
          ...part,
        }),
      );
    }
    this.parts.track(ids);
    return { providerMessageId: ids[0] };
  }

  /**
   * Receipts and inbound SMS arrive as deliver_sm on the bind and go to `context.onReport` and `context.onInbound`;
   * nothing comes over HTTP.
   */
  verifyReport(): boolean {
    return false;
  }

  parseReport(): DeliveryReport[] {
    throw new Error('SMPP delivery receipts arrive as deliver_sm on the bind, not over HTTP');
  }

  close(): Promise<void> {
    return this.link.close();
  }
}

export const smppAdapterFactory: ProviderAdapterFactory<SmppSettings> = {
  kind: 'smpp',
  formats: ['text', 'unicode', 'flash', 'binary'],
  settingsClass: SmppSettings,
  secretSettings: ['password'],
  create: (settings, context) => new SmppAdapter(settings, context),
};
