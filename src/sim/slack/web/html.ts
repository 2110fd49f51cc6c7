// HTML escaping for the sandbox page's renderers: every piece of text from the workspace passes
// through here before it becomes markup, so nothing a person or the bot typed can turn into HTML.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Slack escapes `&`, `<` and `>` in message text; this undoes it so the text can be escaped for HTML. */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Only web and mail links become anchors; anything else (javascript:, data:) stays text. */
export function safeHref(url: string): string | undefined {
  return /^(https?:|mailto:)/i.test(url.trim()) ? url.trim() : undefined;
}
