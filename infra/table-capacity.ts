/**
 * How the table is billed on AWS: a deploy setting (`-c tableBilling=provisioned|on-demand`), provisioned by
 * default. DynamoDB Local ignores it (infra/local/services.ts creates its table on demand).
 *
 * Provisioned capacity with auto scaling costs about a third of on-demand requests for a steady stream
 * (us-east-1: $0.00065 a WCU-hour is $0.90 a month for a unit a second, 2.6M writes, which on demand cost
 * $1.62), and its maximum caps the bill. On demand suits unknown or very spiky traffic (README, Deploy).
 */
export type TableBilling = 'provisioned' | 'on-demand';

export interface CapacityRange {
  readonly min: number;
  readonly max: number;
}

export interface TableCapacity {
  readonly billing: TableBilling;
  /** Auto scaling keeps consumed capacity at this share of provisioned capacity (table and every index). */
  readonly targetUtilisationPercent: number;
  readonly write: CapacityRange;
  readonly read: CapacityRange;
}

/**
 * Defaults sized for the README's scenario (1M articles a month, 100 subscriptions taking every event): about
 * 64 write units a second and 30 read units a second on average, so auto scaling at 70 % sits near 92 WCU and
 * 43 RCU. The minimums are what a quiet deployment pays for (10 WCU and 10 RCU: about $6 a month) and still
 * absorb a publish batch's few hundred units from the burst bucket (5 minutes of unused capacity, 3,000 units
 * at 10 WCU). The maximums leave about five times the scenario's mean (a newsroom day's peak hour is 1.33
 * times it) and cap the table at about $240 (writes) and $24 (reads) a month; beyond them DynamoDB throttles,
 * the SDK, the stream and SQS retry, and the throttle alarms fire.
 */
export const defaultTableCapacity: TableCapacity = {
  billing: 'provisioned',
  targetUtilisationPercent: 70,
  write: { min: 10, max: 500 },
  read: { min: 10, max: 250 },
};

/** Context keys of the settings (`-c tableWriteCapacityMax=800`). */
export const tableCapacityContext = {
  billing: 'tableBilling',
  writeMin: 'tableWriteCapacityMin',
  writeMax: 'tableWriteCapacityMax',
  readMin: 'tableReadCapacityMin',
  readMax: 'tableReadCapacityMax',
} as const;

/** The settings from CDK context (`read(key)` gives the raw value), checked at synth time. */
export function tableCapacityFrom(read: (key: string) => unknown): TableCapacity {
  const billing = read(tableCapacityContext.billing);
  if (billing !== undefined && billing !== '' && billing !== 'provisioned' && billing !== 'on-demand') {
    throw new Error(`${tableCapacityContext.billing} must be "provisioned" or "on-demand", got "${String(billing)}"`);
  }
  const units = (key: string, fallback: number): number => {
    const value = read(key);
    if (value === undefined || value === '') return fallback;
    const n = typeof value === 'number' ? value : Number(value);
    // DynamoDB's default account quota is 40,000 units per table.
    if (!Number.isInteger(n) || n < 1 || n > 40_000) throw new Error(`${key} must be a whole number of capacity units from 1 to 40000, got "${String(value)}"`);
    return n;
  };
  const range = (minKey: string, maxKey: string, fallback: CapacityRange): CapacityRange => {
    const r = { min: units(minKey, fallback.min), max: units(maxKey, fallback.max) };
    if (r.min > r.max) throw new Error(`${minKey} (${r.min}) must not exceed ${maxKey} (${r.max})`);
    return r;
  };
  const d = defaultTableCapacity;
  return {
    billing: billing === 'on-demand' ? 'on-demand' : 'provisioned',
    targetUtilisationPercent: d.targetUtilisationPercent,
    write: range(tableCapacityContext.writeMin, tableCapacityContext.writeMax, { min: d.write.min, max: Math.max(d.write.max, units(tableCapacityContext.writeMin, d.write.min)) }),
    read: range(tableCapacityContext.readMin, tableCapacityContext.readMax, { min: d.read.min, max: Math.max(d.read.max, units(tableCapacityContext.readMin, d.read.min)) }),
  };
}
