import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CancelVerification,
  CheckVerification,
  CreateOtpTemplate,
  DeleteOtpTemplate,
  GetVerification,
  GetVerificationSettings,
  ListOtpTemplates,
  ListVerifications,
  OtpTemplateList,
  OtpTemplateView,
  ResendVerification,
  StartVerification,
  UpdateVerificationSettings,
  VerificationCheckResult,
  VerificationPage,
  VerificationSettingsView,
  VerificationView,
} from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, RequireRoles, RequireScopes } from '../authentication/access-policy';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { CheckVerificationBody, CreateOtpTemplateBody, ListVerificationsQuery, StartVerificationBody, VerificationSettingsBody } from './dtos/verification.dtos';

/** Phone verification: one-time codes by SMS, checked here; the otp service does the work. */
@ApiTags('verifications')
@ApiBearerAuth('bearer')
@Controller('verifications')
export class VerificationsController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Post()
  @Idempotent()
  @RequireScopes('verify')
  @ApiOperation({ summary: 'Send a one-time code to a mobile number.' })
  @ApiCreatedResponse({ type: VerificationView })
  start(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: StartVerificationBody,
  ): Promise<VerificationView> {
    return this.rpc.call(correlation, 'otp', StartVerification, { ...body, organizationId: principal.organizationId! });
  }

  @Get()
  @RequireScopes('verify')
  @ApiOperation({ summary: "The organization's verifications, newest first, filtered by status, number and creation time." })
  @ApiOkResponse({ type: VerificationPage })
  list(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListVerificationsQuery,
  ): Promise<VerificationPage> {
    return this.rpc.call(correlation, 'otp', ListVerifications, { ...query, organizationId: principal.organizationId! });
  }

  @Post('check')
  @HttpCode(HttpStatus.OK)
  @RequireScopes('verify')
  @ApiOperation({ summary: 'Check a code (by verification id or by number); 5 wrong codes end the verification.' })
  @ApiOkResponse({ type: VerificationCheckResult })
  check(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: CheckVerificationBody,
  ): Promise<VerificationCheckResult> {
    return this.rpc.call(correlation, 'otp', CheckVerification, { ...body, organizationId: principal.organizationId! });
  }

  @Get('settings')
  @RequireScopes('verify')
  @ApiOperation({ summary: "The organization's verification settings (country allowlist, app name)." })
  @ApiOkResponse({ type: VerificationSettingsView })
  settings(@RequestCorrelation() correlation: CorrelationContext, @CurrentPrincipal() principal: Principal): Promise<VerificationSettingsView> {
    return this.rpc.call(correlation, 'otp', GetVerificationSettings, { organizationId: principal.organizationId! });
  }

  @Put('settings')
  @RequireRoles('owner', 'admin')
  @ApiOperation({ summary: 'Set the countries codes may go to (empty: all) and the app name messages show.' })
  @ApiOkResponse({ type: VerificationSettingsView })
  updateSettings(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: VerificationSettingsBody,
  ): Promise<VerificationSettingsView> {
    return this.rpc.call(correlation, 'otp', UpdateVerificationSettings, { ...body, organizationId: principal.organizationId! });
  }

  @Post('templates')
  @Idempotent()
  @RequireScopes('verify', 'templates')
  @ApiOperation({ summary: 'Store a verification text of your own with {code}, {minutes}, {app}.' })
  @ApiCreatedResponse({ type: OtpTemplateView })
  createTemplate(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateOtpTemplateBody,
  ): Promise<OtpTemplateView> {
    return this.rpc.call(correlation, 'otp', CreateOtpTemplate, { ...body, organizationId: principal.organizationId! });
  }

  @Get('templates')
  @RequireScopes('verify')
  @ApiOperation({ summary: "The organization's verification templates." })
  @ApiOkResponse({ type: OtpTemplateList })
  templates(@RequestCorrelation() correlation: CorrelationContext, @CurrentPrincipal() principal: Principal): Promise<OtpTemplateList> {
    return this.rpc.call(correlation, 'otp', ListOtpTemplates, { organizationId: principal.organizationId! });
  }

  @Delete('templates/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireScopes('verify', 'templates')
  @ApiOperation({ summary: 'Delete a verification template (verifications already sent keep their text).' })
  @ApiNoContentResponse()
  async deleteTemplate(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.rpc.call(correlation, 'otp', DeleteOtpTemplate, { organizationId: principal.organizationId!, templateId: id });
  }

  @Get(':id')
  @RequireScopes('verify')
  @ApiOperation({ summary: 'A verification: status, attempts, every send with its route and phone or provider.' })
  @ApiOkResponse({ type: VerificationView })
  get(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<VerificationView> {
    return this.rpc.call(correlation, 'otp', GetVerification, { organizationId: principal.organizationId!, verificationId: id });
  }

  @Post(':id/resend')
  @HttpCode(HttpStatus.OK)
  @Idempotent()
  @RequireScopes('verify')
  @ApiOperation({ summary: 'Send the same code again (30 s cooldown, 5 sends per number per 10 min), through another phone.' })
  @ApiOkResponse({ type: VerificationView })
  resend(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<VerificationView> {
    return this.rpc.call(correlation, 'otp', ResendVerification, { organizationId: principal.organizationId!, verificationId: id });
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @RequireScopes('verify')
  @ApiOperation({ summary: 'Cancel a pending verification; its code stops working at once.' })
  @ApiOkResponse({ type: VerificationView })
  cancel(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<VerificationView> {
    return this.rpc.call(correlation, 'otp', CancelVerification, { organizationId: principal.organizationId!, verificationId: id });
  }
}
