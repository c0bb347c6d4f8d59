import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { GetSigningKeys } from '@zagel/contracts';
import { SigningKeyRing } from './signing-key-ring';

@Controller()
export class SigningKeysController {
  constructor(private readonly keys: SigningKeyRing) {}

  @MessagePattern(GetSigningKeys.type)
  async getSigningKeys() {
    return { keys: await this.keys.publishedKeys() };
  }
}
