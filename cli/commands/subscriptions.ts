/**
 * `syndicate subscriptions list` and `syndicate subscriptions test ID`: what an
 * operator reaches for when a partner says "we are not getting anything".
 * Both call a running API (GET /subscriptions, POST /subscriptions/{id}/test)
 * with an admin or partner key; `--json` prints the API's answer as it came.
 *
 * Exit codes: 0 done (for test: the endpoint accepted the event), 1 the API
 * refused, could not be reached, or the endpoint did not accept the test, 2 usage.
 */
import type { ListedSubscription } from '#adapters/subscription-repository.ts';
import type { TestEventResult } from '#core/webhooks/health-answers.ts';
import { ApiRefused, call, readPages } from '../api-call.ts';
import { apiOptions, apiTarget, parseCommandArgs, usageError, usageOnly } from '../args.ts';

export const summary = 'subscriptions list | test ID: list webhook subscriptions, or send one a signed test event';

const usage = `usage: syndicate subscriptions list [--status active|disabled] [--partner ID] [--limit N] [options]
       syndicate subscriptions test ID [--event TYPE] [options]

list   one line per subscription: id, status, partner, event types, tags, URL
       (every page, unless --limit caps how many are shown)
test   sends a signed example event to the subscription's endpoint now and
       prints what it answered (exit 1 when it did not accept it)

options:
  --api URL     the API (default $SYNDICATE_API_URL or http://127.0.0.1:3000)
  --key KEY     an admin or partner key (default $SYNDICATE_API_KEY or $SYNDICATE_ADMIN_KEY)
  --json        print the API's JSON instead of lines
`;

type Listed = Pick<ListedSubscription, 'id' | 'url' | 'status' | 'partnerId' | 'events' | 'tags' | 'failingSince'>;

/** One line per subscription; the columns are separated by two spaces, the URL last (it is the longest). */
export function listLine(s: Listed): string {
  const cell = (values: string[]) => (values.length ? values.join(',') : '*');
  return [s.id, s.failingSince && s.status === 'active' ? 'failing' : s.status, s.partnerId ?? '-', cell(s.events), cell(s.tags), s.url].join('  ');
}

export function testLines(t: TestEventResult): string[] {
  return [
    `${t.delivered ? 'accepted' : 'not accepted'}: ${t.status !== undefined ? `HTTP ${t.status}` : 'no answer'} in ${Math.round(t.durationMs)} ms (${t.event}, webhook-id ${t.webhookId})`,
    ...(t.error ? [`error: ${t.error}`] : []),
    ...(t.response ? [`response: ${t.response.replace(/\s+/g, ' ').slice(0, 200)}`] : []),
  ];
}

async function list(api: string, key: string, values: { status?: string | undefined; partner?: string | undefined; limit?: string | undefined; json?: boolean | undefined }): Promise<number> {
  const max = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
  if (!(Number.isInteger(max) && max > 0) && max !== Number.POSITIVE_INFINITY) return usageError('subscriptions', '--limit takes a positive whole number');
  const shown = await readPages<Listed>(api, key, { path: '/subscriptions', field: 'subscriptions', pageLimit: 200, query: { status: values.status, partner: values.partner } }, max);
  if (values.json) process.stdout.write(`${JSON.stringify({ subscriptions: shown }, null, 2)}\n`);
  else process.stdout.write(shown.length ? `${shown.map(listLine).join('\n')}\n` : 'no subscriptions\n');
  return 0;
}

async function test(api: string, key: string, id: string, values: { event?: string | undefined; json?: boolean | undefined }): Promise<number> {
  const answer = await call<TestEventResult>(api, key, 'POST', `/subscriptions/${encodeURIComponent(id)}/test`, values.event ? { event: values.event } : undefined);
  process.stdout.write(values.json ? `${JSON.stringify(answer, null, 2)}\n` : `${testLines(answer).join('\n')}\n`);
  return answer.delivered ? 0 : 1;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('subscriptions', usage, argv, {
    ...apiOptions,
    status: { type: 'string' },
    partner: { type: 'string' },
    limit: { type: 'string' },
    event: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [action, ...rest] = positionals;
  const { api, key } = apiTarget(values);
  if (action === 'list' ? rest.length !== 0 : action === 'test' ? rest.length !== 1 : true) return usageOnly(usage);
  if (!key) return usageError('subscriptions', 'no key: pass --key KEY (or set SYNDICATE_API_KEY)');
  try {
    return action === 'list' ? await list(api, key, values) : await test(api, key, rest[0]!, values);
  } catch (error) {
    if (!(error instanceof ApiRefused)) throw error;
    process.stderr.write(`syndicate subscriptions: ${error.message}\n`);
    return 1;
  }
}
