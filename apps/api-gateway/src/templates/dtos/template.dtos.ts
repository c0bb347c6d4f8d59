import { OmitType, PickType } from '@nestjs/swagger';
import { CreateTemplateRequest, ListTemplatesRequest, TemplateRef, UpdateTemplateRequest } from '@zagel/contracts';
import { QueryOf } from '../../public-http/public-shapes';

// The organization is the credential's; the template is the path's.

export class CreateTemplateBody extends OmitType(CreateTemplateRequest, ['organizationId'] as const) {}

export class UpdateTemplateBody extends OmitType(UpdateTemplateRequest, ['organizationId', 'templateId'] as const) {}

export class ListTemplatesQuery extends QueryOf(OmitType(ListTemplatesRequest, ['organizationId'] as const)) {}

export class TemplateVersionQuery extends QueryOf(PickType(TemplateRef, ['version'] as const)) {}
