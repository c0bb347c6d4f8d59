import { runService } from '@zagel/service';
import { billingApp } from './billing.app';

runService(billingApp);
