import { Module } from '@nestjs/common';
import { RefreshCookie } from './refresh-cookie';
import { RefreshCookieInterceptor } from './refresh-cookie.interceptor';
import { SessionsController } from './sessions.controller';

@Module({ controllers: [SessionsController], providers: [RefreshCookie, RefreshCookieInterceptor] })
export class SessionsModule {}
