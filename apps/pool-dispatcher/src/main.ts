import { runService } from '@zagel/service';
import { poolDispatcherApp } from './pool-dispatcher.app';

runService(poolDispatcherApp);
