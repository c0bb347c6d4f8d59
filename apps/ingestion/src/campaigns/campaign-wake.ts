import { Injectable } from '@nestjs/common';

/** Lets a lifecycle step wake this instance's campaign runner at once instead of at its next round. */
@Injectable()
export class CampaignWake {
  private listener?: () => void;

  onWake(listener: () => void): void {
    this.listener = listener;
  }

  wake(): void {
    this.listener?.();
  }
}
