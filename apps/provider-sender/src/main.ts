import { runService } from '@zagel/service';
import { providerSenderApp } from './provider-sender.app';

runService(providerSenderApp);
