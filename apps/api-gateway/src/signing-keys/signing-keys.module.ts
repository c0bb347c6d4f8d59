import { Module } from '@nestjs/common';
import { AuthenticationModule } from '../authentication/authentication.module';
import { SigningKeysController } from './signing-keys.controller';

@Module({ imports: [AuthenticationModule], controllers: [SigningKeysController] })
export class SigningKeysModule {}
