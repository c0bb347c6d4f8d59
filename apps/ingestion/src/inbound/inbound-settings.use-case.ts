import { Injectable } from '@nestjs/common';
import { InboundSettingsRef, InboundSettingsView, IngestionErrorCode, PutInboundSettingsRequest } from '@zagel/contracts';
import { IngestionError } from '../shared/ingestion-error';
import { keywordLists } from './inbound-keywords';
import { InboundMessagesRepository, InboundSettings } from './inbound-messages.repository';

const toView = (settings: InboundSettings): InboundSettingsView => ({
  optOutKeywords: [...settings.keywords.optOut],
  optInKeywords: [...settings.keywords.optIn],
  helpKeywords: [...settings.keywords.help],
  ...(settings.helpText ? { helpText: settings.helpText } : {}),
});

/** An organization's inbound keywords and HELP answer (the defaults until it sets its own). */
@Injectable()
export class InboundSettingsUseCase {
  constructor(private readonly inbound: InboundMessagesRepository) {}

  async get(request: InboundSettingsRef): Promise<InboundSettingsView> {
    return toView(await this.inbound.settings(request.organizationId));
  }

  /** Fields left out keep their value; a keyword in two lists is refused and nothing changes. */
  async put(request: PutInboundSettingsRequest): Promise<InboundSettingsView> {
    const current = await this.inbound.settings(request.organizationId);
    const { keywords, clashes } = keywordLists({
      optOut: request.optOutKeywords ?? current.keywords.optOut,
      optIn: request.optInKeywords ?? current.keywords.optIn,
      help: request.helpKeywords ?? current.keywords.help,
    });
    if (clashes.length > 0) {
      throw new IngestionError(IngestionErrorCode.InvalidInboundSettings, `a keyword may be in one list only: ${clashes.join(', ')}`, { keywords: clashes });
    }
    const helpText = request.helpText === undefined ? current.helpText : request.helpText?.trim() || null;
    const settings = { keywords, helpText };
    await this.inbound.saveSettings(request.organizationId, settings);
    return toView(settings);
  }
}
