import { IsArray, IsIn, IsObject, IsOptional, IsString } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

/** One public key as a JSON Web Key (RFC 7517). */
export class PublicJwk {
  @IsString()
  kid: string;

  @IsIn(['RSA', 'OKP', 'EC'])
  kty: string;

  @IsString()
  alg: string;

  @IsIn(['sig'])
  use: 'sig';

  @IsOptional()
  @IsString()
  n?: string;

  @IsOptional()
  @IsString()
  e?: string;

  @IsOptional()
  @IsString()
  crv?: string;

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
  @IsArray()
  @IsObject({ each: true })
  keys: PublicJwk[];
}

export const GetSigningKeys = defineRpc(RpcType.GetSigningKeys, 1, SigningKeysRequest, JsonWebKeySet);
