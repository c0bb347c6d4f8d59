import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Login,
  LoginRequest,
  Logout,
  LogoutRequest,
  RefreshRequest,
  RefreshSession,
  Register,
  RegisterRequest,
} from '@zagel/contracts';
import { LoginUseCase } from './login.use-case';
import { LogoutUseCase } from './logout.use-case';
import { RefreshSessionUseCase } from './refresh-session.use-case';
import { RegisterUseCase } from './register.use-case';

@Controller()
export class SessionsController {
  constructor(
    private readonly registerUseCase: RegisterUseCase,
    private readonly loginUseCase: LoginUseCase,
    private readonly refresh: RefreshSessionUseCase,
    private readonly logoutUseCase: LogoutUseCase,
  ) {}

  @MessagePattern(Register.type)
  register(@Payload() request: RegisterRequest) {
    return this.registerUseCase.execute(request);
  }

  @MessagePattern(Login.type)
  login(@Payload() request: LoginRequest) {
    return this.loginUseCase.execute(request);
  }

  @MessagePattern(RefreshSession.type)
  refreshSession(@Payload() request: RefreshRequest) {
    return this.refresh.execute(request);
  }

  @MessagePattern(Logout.type)
  logout(@Payload() request: LogoutRequest) {
    return this.logoutUseCase.execute(request);
  }
}
