import type { LiveQuestionEntity } from './live-question.entity';
import type { LiveSessionEntity } from './live-session.entity';

const BODY_LIMIT = 50_000;
const TITLE_LIMIT = 200;

/** A Markdown quote of a question's text (one line per line, so it cannot break the list). */
const quote = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');

/**
 * The archive thread of an ended session: its title and Markdown body, with the summary, the
 * answered questions with the answers as the hosts marked them, and the unanswered ones listed
 * (most upvoted first) so that experts can still answer them in the thread.
 */
export function archiveThreadContent(
  session: Pick<LiveSessionEntity, 'title' | 'scheduledStartAt' | 'startedAt' | 'endedAt'>,
  summary: string | null,
  questions: Pick<LiveQuestionEntity, 'body' | 'status' | 'answer' | 'upvotes'>[],
  hostNames: string[],
): { title: string; body: string } {
  const prefix = 'Live session: ';
  const title = (prefix + session.title).slice(0, TITLE_LIMIT);
  const answered = questions.filter((q) => q.status === 'ANSWERED');
  const unanswered = questions.filter((q) => q.status === 'OPEN' || q.status === 'HIGHLIGHTED');
  const parts: string[] = [];
  const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '');
  parts.push(`*Archive of the live session held ${when(session.startedAt ?? session.scheduledStartAt)} – ${when(session.endedAt)}${hostNames.length ? `, hosted by ${hostNames.join(', ')}` : ''}.*`);
  parts.push('## Summary\n\n' + (summary?.trim() ? summary.trim() : '_No summary was given._'));
  parts.push(
    `## Answered questions (${answered.length})\n\n` +
      (answered.length
        ? answered.map((q, i) => `### ${i + 1}. Question (${q.upvotes} upvotes)\n\n${quote(q.body)}\n\n**Answer:** ${q.answer?.trim() ? q.answer.trim() : '_Answered live._'}`).join('\n\n')
        : '_None._'),
  );
  parts.push(
    `## Unanswered questions (${unanswered.length})\n\nThese were not answered during the session: reply in this thread to answer them.\n\n` +
      (unanswered.length ? unanswered.map((q, i) => `${i + 1}. (${q.upvotes} upvotes)\n\n${quote(q.body)}`).join('\n\n') : '_None._'),
  );
  let body = parts.join('\n\n');
  if (body.length > BODY_LIMIT) body = body.slice(0, BODY_LIMIT - 40) + '\n\n_(truncated)_';
  return { title, body };
}
