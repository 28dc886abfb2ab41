/**
 * SQL: the topic of what a flag or a moderation log entry is about, from its `target_type` and
 * `target_id` columns (`alias`: the row): a thread's topic; a reply's thread's; a live chat
 * message's session's. NULL for a USER (and for a target that no longer exists), which only
 * unrestricted moderators see (`RecordRules.moderatesInPredicate`).
 */
export const targetTopicSql = (alias: string): string =>
  `(CASE ${alias}.target_type
      WHEN 'THREAD' THEN (SELECT tt.topic_id FROM threads tt WHERE tt.id = ${alias}.target_id)
      WHEN 'POST' THEN (SELECT pt.topic_id FROM posts tp JOIN threads pt ON pt.id = tp.thread_id WHERE tp.id = ${alias}.target_id)
      WHEN 'LIVE_MESSAGE' THEN (SELECT ls.topic_id FROM live_messages lm JOIN live_sessions ls ON ls.id = lm.session_id WHERE lm.id = ${alias}.target_id)
    END)`;
