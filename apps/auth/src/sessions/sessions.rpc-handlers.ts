import { Injectable, OnModuleInit } from '@nestjs/common';
import { Login, Logout, RefreshSession, Register } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { LoginUseCase } from './login.use-case';
import { LogoutUseCase } from './logout.use-case';
import { RefreshSessionUseCase } from './refresh-session.use-case';
import { RegisterUseCase } from './register.use-case';

@Injectable()
export class SessionsRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly register: RegisterUseCase,
    private readonly login: LoginUseCase,
    private readonly refresh: RefreshSessionUseCase,
    private readonly logout: LogoutUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(Register, (request) => this.register.execute(request));
    this.bus.rpc.handle(Login, (request) => this.login.execute(request));
    this.bus.rpc.handle(RefreshSession, (request) => this.refresh.execute(request));
    this.bus.rpc.handle(Logout, (request) => this.logout.execute(request));
  }
}
