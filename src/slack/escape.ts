// Text from people goes into messages escaped, so a reason cannot ping @channel, mention someone or forge a
// link: Slack only treats `<…>` sequences as special, and `&`, `<`, `>` are its escapes.

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters, saying so visibly. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 12)}… (truncated)`;
}
