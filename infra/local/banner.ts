/** What `npm start` prints once the runtime is up: where things are and what to paste next. */
import { env as names } from '#infra/definitions.ts';
import { adminKeyFrom, devAdminKey, pagesWindowFrom, retryScheduleFrom } from './env.ts';

/** As handlerEnvironment sets it for the handlers: allowed unless the user set it to something else. */
const loopbackAllowed = (env: NodeJS.ProcessEnv) => (env[names.allowLoopbackWebhooks] || 'true') === 'true';
import type { RuntimeInfo } from './runtime-info.ts';

export function banner(info: RuntimeInfo, dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const api = info.apiUrl;
  const usingDevKey = adminKeyFrom(env) === devAdminKey;
  const keyLine = usingDevKey
    ? `admin key      ${devAdminKey}   (development only; set SYNDICATE_ADMIN_KEY to choose another)`
    : 'admin key      from SYNDICATE_ADMIN_KEY';
  return [
    '',
    `syndicate is running locally (data in ${dataDir}; \`npm start -- --reset\` starts empty)`,
    '',
    `API            ${api}`,
    `console        ${api}/console   (sign in with the admin key, a partner key or a publisher key)`,
    `health         ${api}/health`,
    `feeds          ${api}/feeds/all.rss   ${api}/feeds/all.atom   ${api}/feeds/all.json`,
    `               ${api}/feeds/tags/{tagId}.rss   ${api}/feeds/publishers/{publisherId}.rss`,
    `site           ${api}/pages/   (home, tag and publisher pages within ${pagesWindowFrom(env)} s of a change: SYNDICATE_PAGES_WINDOW_SECONDS)`,
    keyLine,
    `webhooks       loopback targets ${loopbackAllowed(env) ? 'allowed' : 'refused'} (ALLOW_LOOPBACK_WEBHOOKS); retry schedule ${retryScheduleFrom(env)} s (WEBHOOK_RETRY_SCHEDULE)`,
    `SQS endpoint   ${info.sqsEndpoint}   (deliveries queue ${info.deliveriesQueueUrl})`,
    '',
    'try:',
    ...(usingDevKey ? [`  export SYNDICATE_ADMIN_KEY=${devAdminKey}`] : []),
    `  curl -s -X POST ${api}/articles -H "Authorization: Bearer $SYNDICATE_ADMIN_KEY" \\`,
    `       -H 'Content-Type: text/plain' --data-binary @events/articles/opslens-tabqa-dam.txt`,
    `  curl -s -X POST ${api}/subscriptions -H "Authorization: Bearer $SYNDICATE_ADMIN_KEY" \\`,
    `       -H 'Content-Type: application/json' -d '{"url":"http://127.0.0.1:9000/hook","tags":["syria"]}'`,
    `  curl -s ${api}/subscriptions/SUBSCRIPTION_ID/deliveries -H "Authorization: Bearer $SYNDICATE_ADMIN_KEY"`,
    `  curl -s ${api}/feeds/all.json`,
    `  npx syndicate push 'events/articles/*' --api ${api} --key "$SYNDICATE_ADMIN_KEY"`,
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}
