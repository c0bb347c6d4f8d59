import { runService } from '@zagel/service';
import { otpApp } from './otp.app';

runService(otpApp);
