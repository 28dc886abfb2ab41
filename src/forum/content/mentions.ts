/** Handles mentioned as `@handle` in a Markdown body (not inside code), lower-case, each once. */
export function extractMentions(markdown: string, max = 20): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');
  const found: string[] = [];
  const re = /(^|[^\w@./-])@([a-zA-Z0-9][a-zA-Z0-9_-]{2,29})(?![\w-])/g;
  for (let m = re.exec(withoutCode); m; m = re.exec(withoutCode)) {
    const handle = m[2].toLowerCase();
    if (!found.includes(handle)) found.push(handle);
    if (found.length >= max) break;
  }
  return found;
}
