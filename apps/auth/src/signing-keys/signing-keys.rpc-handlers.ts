import { Injectable, OnModuleInit } from '@nestjs/common';
import { GetSigningKeys } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { SigningKeyRing } from './signing-key-ring';

@Injectable()
export class SigningKeysRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly keys: SigningKeyRing,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(GetSigningKeys, async () => ({ keys: await this.keys.publishedKeys() }));
  }
}
