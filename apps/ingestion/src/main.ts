import { runService } from '@zagel/service';
import { ingestionApp } from './ingestion.app';

runService(ingestionApp);
