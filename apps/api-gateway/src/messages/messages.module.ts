import { Module } from '@nestjs/common';
import { BatchBodyLimit } from './batch-body-limit';
import { MessagesController } from './messages.controller';

@Module({ controllers: [MessagesController], providers: [BatchBodyLimit] })
export class MessagesModule {}
