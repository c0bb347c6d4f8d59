import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthErrorCode, ClientInfo, Login, Logout, RefreshSession, Register } from '@zagel/contracts';
import { RpcRemoteError } from '@zagel/messaging';
import { CorrelationContext } from '@zagel/observability';
import { Public } from '../authentication/access-policy';
import { AuthRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { Client } from './client-info.decorator';
import { LoginBody, LogoutBody, RefreshBody, RegisterBody, sessionResponse, SessionResponse } from './dtos/session.dtos';
import { RefreshCookie } from './refresh-cookie';
import { RefreshCookieInterceptor } from './refresh-cookie.interceptor';
import { SessionsProblem } from './sessions.errors';

const SPENT_TOKEN_CODES: readonly string[] = [AuthErrorCode.InvalidRefreshToken, AuthErrorCode.RefreshTokenReused];

const COOKIE_NOTE =
  ' On a JSON request the reply also sets the httpOnly, SameSite=Strict `zagel_refresh` cookie (Path=/v1/auth) holding the refresh token, for browsers.';

@ApiTags('auth')
@Public()
@Controller('auth')
@UseInterceptors(RefreshCookieInterceptor)
export class SessionsController {
  constructor(
    private readonly auth: AuthRpc,
    private readonly cookie: RefreshCookie,
  ) {}

  @Post('register')
  @Idempotent()
  @ApiOperation({ summary: 'Create an account (and, for customers, an organization); signs in.', description: COOKIE_NOTE.trim() })
  @ApiCreatedResponse({ type: SessionResponse })
  async register(
    @RequestCorrelation() correlation: CorrelationContext,
    @Body() body: RegisterBody,
    @Client() client: ClientInfo,
  ): Promise<SessionResponse> {
    return sessionResponse(await this.auth.call(correlation, Register, { ...body, client }));
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password.', description: COOKIE_NOTE.trim() })
  @ApiOkResponse({ type: SessionResponse })
  async login(
    @RequestCorrelation() correlation: CorrelationContext,
    @Body() body: LoginBody,
    @Client() client: ClientInfo,
  ): Promise<SessionResponse> {
    return sessionResponse(await this.auth.call(correlation, Login, { ...body, client }));
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Trade a refresh token for new tokens (the old one stops working; reusing it ends the session).',
    description: `The token is the body's refreshToken or, when the body has none, the refresh cookie's.${COOKIE_NOTE}`,
  })
  @ApiOkResponse({ type: SessionResponse })
  async refresh(
    @RequestCorrelation() correlation: CorrelationContext,
    @Body() body: RefreshBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponse> {
    const refreshToken = this.cookie.tokenOf(request, body.refreshToken);
    if (refreshToken === undefined) throw SessionsProblem.noRefreshToken();
    try {
      return sessionResponse(await this.auth.call(correlation, RefreshSession, { ...body, refreshToken }));
    } catch (error) {
      // A spent cookie is dropped so the browser stops presenting it; a passing failure (auth busy) keeps it.
      if (body.refreshToken === undefined && error instanceof RpcRemoteError && SPENT_TOKEN_CODES.includes(error.code)) this.cookie.clear(request, reply);
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'End the session of this refresh token.',
    description: "The token is the body's refreshToken or, when the body has none, the refresh cookie's, which is then cleared.",
  })
  @ApiNoContentResponse()
  async logout(
    @RequestCorrelation() correlation: CorrelationContext,
    @Body() body: LogoutBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const refreshToken = this.cookie.tokenOf(request, body.refreshToken);
    if (refreshToken !== undefined) await this.auth.call(correlation, Logout, { refreshToken });
    if (body.refreshToken === undefined) this.cookie.clear(request, reply);
  }
}
