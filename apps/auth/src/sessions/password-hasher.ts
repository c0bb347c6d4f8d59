import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';

/** argon2id with the library's defaults (19 MiB, t=2), OWASP's baseline. */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash?: Promise<string>;

  /** Ready before the first login, so the first unknown email costs no more than the others. */
  async onModuleInit(): Promise<void> {
    this.dummyHash ??= this.hash('zagel-dummy-password-for-timing');
    await this.dummyHash;
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Costs what a real verification costs, so an unknown email answers as slowly as a wrong password. */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash('zagel-dummy-password-for-timing');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
