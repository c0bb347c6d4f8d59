import { IngestionErrorCode } from '@zagel/contracts';
import { IngestionError } from '../shared/ingestion-error';

export function templateNotFound(): IngestionError {
  return new IngestionError(IngestionErrorCode.TemplateNotFound, 'the organization has no such template');
}
