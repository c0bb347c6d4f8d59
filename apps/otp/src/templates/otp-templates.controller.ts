import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { v7 as uuidv7 } from 'uuid';
import {
  CreateOtpTemplate,
  CreateOtpTemplateRequest,
  DeleteOtpTemplate,
  ListOtpTemplates,
  ListOtpTemplatesRequest,
  OtpErrorCode,
  OtpTemplateRequest,
} from '@zagel/contracts';
import { OtpError } from '../shared/otp-error';
import { templateProblem } from './message-text';
import { OtpTemplatesRepository } from './otp-templates.repository';

@Controller()
export class OtpTemplatesController {
  constructor(private readonly templates: OtpTemplatesRepository) {}

  @MessagePattern(CreateOtpTemplate.type)
  createOtpTemplate(@Payload() request: CreateOtpTemplateRequest) {
    const problem = templateProblem(request.body);
    if (problem) throw new OtpError(OtpErrorCode.InvalidTemplate, problem);
    return this.templates.insert({ id: uuidv7(), organizationId: request.organizationId, name: request.name.trim(), body: request.body });
  }

  @MessagePattern(ListOtpTemplates.type)
  async listOtpTemplates(@Payload() request: ListOtpTemplatesRequest) {
    return { items: await this.templates.list(request.organizationId) };
  }

  @MessagePattern(DeleteOtpTemplate.type)
  async deleteOtpTemplate(@Payload() request: OtpTemplateRequest) {
    if (!(await this.templates.delete(request.organizationId, request.templateId))) {
      throw new OtpError(OtpErrorCode.TemplateNotFound, 'No such OTP template in this organization.');
    }
    return { id: request.templateId };
  }
}
