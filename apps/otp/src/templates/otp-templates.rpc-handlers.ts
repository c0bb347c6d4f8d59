import { Injectable, OnModuleInit } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CreateOtpTemplate, DeleteOtpTemplate, ListOtpTemplates, OtpErrorCode } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { OtpError } from '../shared/otp-error';
import { templateProblem } from './message-text';
import { OtpTemplatesRepository } from './otp-templates.repository';

@Injectable()
export class OtpTemplatesRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly templates: OtpTemplatesRepository,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(CreateOtpTemplate, (request) => {
      const problem = templateProblem(request.body);
      if (problem) throw new OtpError(OtpErrorCode.InvalidTemplate, problem);
      return this.templates.insert({ id: uuidv7(), organizationId: request.organizationId, name: request.name.trim(), body: request.body });
    });
    this.bus.rpc.handle(ListOtpTemplates, async (request) => ({ items: await this.templates.list(request.organizationId) }));
    this.bus.rpc.handle(DeleteOtpTemplate, async (request) => {
      if (!(await this.templates.delete(request.organizationId, request.templateId))) {
        throw new OtpError(OtpErrorCode.TemplateNotFound, 'No such OTP template in this organization.');
      }
      return { id: request.templateId };
    });
  }
}
