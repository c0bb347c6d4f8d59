import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientInfo, Login, Logout, LogoutRequest, RefreshRequest, RefreshSession, Register } from '@zagel/contracts';
import { Public } from '../authentication/access-policy';
import { AuthRpc } from '../service-rpc/service-rpc';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { Client } from './client-info.decorator';
import { LoginBody, RegisterBody, sessionResponse, SessionResponse } from './dtos/session.dtos';

@ApiTags('auth')
@Public()
@Controller('auth')
export class SessionsController {
  constructor(private readonly auth: AuthRpc) {}

  @Post('register')
  @Idempotent()
  @ApiOperation({ summary: 'Create an account (and, for customers, an organization); signs in.' })
  @ApiCreatedResponse({ type: SessionResponse })
  async register(@Body() body: RegisterBody, @Client() client: ClientInfo): Promise<SessionResponse> {
    return sessionResponse(await this.auth.call(Register, { ...body, client }));
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password.' })
  @ApiOkResponse({ type: SessionResponse })
  async login(@Body() body: LoginBody, @Client() client: ClientInfo): Promise<SessionResponse> {
    return sessionResponse(await this.auth.call(Login, { ...body, client }));
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Trade a refresh token for new tokens (the old one stops working; reusing it ends the session).' })
  @ApiOkResponse({ type: SessionResponse })
  async refresh(@Body() body: RefreshRequest): Promise<SessionResponse> {
    return sessionResponse(await this.auth.call(RefreshSession, body));
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End the session of this refresh token.' })
  @ApiNoContentResponse()
  async logout(@Body() body: LogoutRequest): Promise<void> {
    await this.auth.call(Logout, body);
  }
}
