import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsObject, IsOptional, IsString } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

/** One public key as a JSON Web Key (RFC 7517). */
export class PublicJwk {
  @ApiProperty({ example: '2026-11', description: 'Matches the `kid` header of the tokens it signed.' })
  @IsString()
  kid: string;

  @ApiProperty({ enum: ['RSA', 'OKP', 'EC'], example: 'RSA' })
  @IsIn(['RSA', 'OKP', 'EC'])
  kty: string;

  @ApiProperty({ example: 'RS256' })
  @IsString()
  alg: string;

  @ApiProperty({ enum: ['sig'], example: 'sig' })
  @IsIn(['sig'])
  use: 'sig';

  @ApiPropertyOptional({ example: '0vx7agoebG...', description: 'RSA modulus (base64url).' })
  @IsOptional()
  @IsString()
  n?: string;

  @ApiPropertyOptional({ example: 'AQAB', description: 'RSA exponent (base64url).' })
  @IsOptional()
  @IsString()
  e?: string;

  @ApiPropertyOptional({ description: 'Curve of an OKP or EC key.' })
  @IsOptional()
  @IsString()
  crv?: string;

  @ApiPropertyOptional({ description: 'Public point of an OKP or EC key (base64url).' })
  @IsOptional()
  @IsString()
  x?: string;
}

export class SigningKeysRequest {
  @IsOptional()
  @IsString()
  knownKid?: string;
}

/** Every key whose tokens may still be valid: the current one and those rotated out recently. */
export class JsonWebKeySet {
  @ApiProperty({ type: () => [PublicJwk] })
  @IsArray()
  @IsObject({ each: true })
  keys: PublicJwk[];
}

export const GetSigningKeys = defineRpc(RpcType.GetSigningKeys, 1, SigningKeysRequest, JsonWebKeySet);
