import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SigningKeyEntity } from './signing-key.entity';
import { SigningKeyRing } from './signing-key-ring';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningKeysController } from './signing-keys.controller';
import { TokenIssuer } from './token-issuer';

/** The RS256 keys auth signs with, their rotation and the published JWKS. */
@Module({
  imports: [TypeOrmModule.forFeature([SigningKeyEntity])],
  controllers: [SigningKeysController],
  providers: [SigningKeysRepository, SigningKeyRing, TokenIssuer],
  exports: [TokenIssuer, SigningKeyRing],
})
export class SigningKeysModule {}
