/**
 * Names of everything a deployment shares with others on the same servers.
 * With no namespace: schema `billing`, exchange `zagel.events`, Redis keys `zagel:...`.
 * With namespace `t42`: schema `t42_billing`, exchange `t42.zagel.events`, keys `t42:zagel:...`.
 */
export class Namespace {
  constructor(readonly prefix?: string) {}

  schema(service: string): string {
    const base = service.replace(/-/g, '_');
    return this.prefix ? `${this.prefix}_${base}` : base;
  }

  bus(name: string): string {
    return this.prefix ? `${this.prefix}.zagel.${name}` : `zagel.${name}`;
  }

  redisKey(key: string): string {
    return this.prefix ? `${this.prefix}:zagel:${key}` : `zagel:${key}`;
  }
}
