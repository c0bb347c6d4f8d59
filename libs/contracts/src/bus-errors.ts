/**
 * Codes the bus itself refuses with, which an RPC handler may let through to its caller (the
 * gateway maps them like any service's codes).
 */
export enum BusErrorCode {
  /** A bounded live queue is full: come back after `retryAfterSeconds`. */
  LiveLaneFull = 'live_lane_full',
  /** A command reached no queue: its service or instance is not running. */
  Unroutable = 'unroutable',
}
