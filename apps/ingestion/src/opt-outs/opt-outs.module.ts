import { Module } from '@nestjs/common';
import { OptOutsRepository } from './opt-outs';
import { OptOutsController } from './opt-outs.controller';

/** Per-organization opt-out lists. */
@Module({ controllers: [OptOutsController], providers: [OptOutsRepository], exports: [OptOutsRepository] })
export class OptOutsModule {}
