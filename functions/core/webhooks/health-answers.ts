/**
 * What `GET /subscriptions/{id}/stats` and `POST /subscriptions/{id}/test` answer, as bare types:
 * delivery-stats.ts and the subscriptions function build them, the console and the CLI read them.
 * This file imports only types that need no Node (the console's TypeScript project has none).
 */
import type { ArticleEventType } from '../article/events.ts';

export interface HourlyCount {
  /** Start of the hour (ISO). */
  start: string;
  delivered: number;
  failed: number;
}

export interface CircuitView {
  state: 'closed' | 'open' | 'half_open';
  /** Failed attempts in a row at the end of the window. */
  failuresInARow: number;
  /** While open: when the next probe may go through. */
  openUntil?: string;
  /**
   * Always `derived`: breakers live in each deliver container's memory, so no one
   * state exists to report. This is what a breaker that saw every logged attempt says.
   */
  source: 'derived';
}

export interface DeliveryStats {
  window: { from: string; to: string; hours: number };
  attempts: number;
  delivered: number;
  failed: number;
  /** delivered / attempts; null when there were no attempts. */
  successRate: number | null;
  latency: { p50Ms: number | null; p95Ms: number | null };
  lastError: { at: string; deliveryId: string; status?: number; error: string } | null;
  circuit: CircuitView;
  hourly: HourlyCount[];
}

/** The stats route's whole answer: the figures, and how far they can be trusted. */
export interface StatsView extends DeliveryStats {
  subscriptionId: string;
  status: 'active' | 'disabled';
  failingSince?: string;
  /** False when the window held more attempts than one call reads: the figures cover the newest `readLimit`. */
  complete: boolean;
  readLimit: number;
  /** Where the circuit state comes from, in words. */
  circuitNote: string;
}

/** A test event's outcome: what the endpoint answered. */
export interface TestEventResult {
  webhookId: string;
  event: ArticleEventType;
  delivered: boolean;
  /** The receiver's HTTP status; absent when no answer came. */
  status?: number;
  durationMs: number;
  /** The first 1 KB of the answer. */
  response?: string;
  error?: string;
}
