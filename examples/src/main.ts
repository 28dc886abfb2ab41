/**
 * Signs in, lists threads, follows one live and prints its events for a while.
 *
 *   ASGM_EMAIL=you@example.org ASGM_PASSWORD=… npx ts-node examples/src/main.ts
 *
 * ASGM_URL (default http://localhost:3000), THREAD_ID (default: the first thread listed) and
 * FOLLOW_SECONDS (default 60; Ctrl-C stops earlier) are optional.
 */
import { createClient, ThreadEvent } from './client';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} (see examples/README.md).`);
  return value;
}

function summarize(event: ThreadEvent): string {
  switch (event.type) {
    case 'post.created':
      return `${event.data.author.displayName} (@${event.data.author.handle}) replied: ${event.data.bodyHtml.replace(/<[^>]*>/g, '').trim()}`;
    case 'post.updated':
      return `post ${event.data.postId} changed: ${event.data.fields.join(', ')}`;
    case 'post.deleted':
      return `post ${event.data.postId} deleted`;
    case 'post.hidden':
      return `post ${event.data.postId} hidden by moderation (remove it)`;
    case 'post.unhidden':
      return `${event.data.author.displayName} (@${event.data.author.handle})'s reply shown again: ${event.data.bodyHtml.replace(/<[^>]*>/g, '').trim()}`;
    case 'thread.updated':
      return `thread changed: ${event.data.fields.join(', ')}`;
    case 'typing':
      return `${event.data.user.displayName} is typing…`;
    default:
      return JSON.stringify((event as { data: unknown }).data);
  }
}

async function main(): Promise<void> {
  const baseUrl = process.env.ASGM_URL ?? 'http://localhost:3000';
  const email = required('ASGM_EMAIL');
  const password = required('ASGM_PASSWORD');
  const seconds = Number(process.env.FOLLOW_SECONDS ?? 60);

  const client = createClient({ baseUrl, onSessionChange: (s) => console.log(s ? 'session: new token pair stored' : 'session: ended') });
  try {
    const user = await client.signIn(email, password);
    console.log(`Signed in to ${baseUrl} as ${user.displayName} (@${user.handle}).`);

    const threads = await client.listThreads(10);
    console.log(`\n${threads.totalCount} threads; the first ${threads.edges.length}:`);
    for (const { node } of threads.edges) {
      console.log(`  ${node.id}  [${node.kind}] ${node.title}  (${node.postCount} replies, ${node.topic.name})`);
    }

    const threadId = process.env.THREAD_ID ?? threads.edges[0]?.node.id;
    if (!threadId) {
      console.log('\nNo thread to follow.');
      return;
    }
    const follow = await client.followThread(
      threadId,
      (event) => console.log(`  #${event.seq ?? '-'} ${event.at} ${event.type}: ${summarize(event)}`),
      { onProblem: (code) => console.log(`  (${code})`) },
    );
    console.log(`\nFollowing ${follow.room} from seq ${follow.lastSeq} for ${seconds} s (reply to it to see events; Ctrl-C stops).`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, seconds * 1000);
      process.once('SIGINT', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await follow.stop();
    console.log(`Stopped at seq ${follow.lastSeq}.`);
  } finally {
    await client.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
