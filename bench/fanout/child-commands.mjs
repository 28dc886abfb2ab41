/**
 * The command loop of a bench child process (receivers, disk probe): each IPC message
 * `{ id, cmd, ... }` runs `handlers[cmd]` and is answered with `{ reply: id, ...result }`, or
 * `{ reply: id, error }` when it throws or the command is unknown. After `close` is answered the
 * process exits.
 */
export function serveCommands(handlers) {
  process.on('message', async (m) => {
    const answer = (body) => process.send({ reply: m.id, ...body });
    try {
      const handler = handlers[m.cmd];
      if (!handler) return answer({ error: `unknown ${m.cmd}` });
      answer(await handler(m));
      if (m.cmd === 'close') setTimeout(() => process.exit(0), 100);
    } catch (err) {
      answer({ error: String(err?.stack ?? err) });
    }
  });
}
