import { runService } from '@zagel/service';
import { authApp } from './auth.app';

runService(authApp);
