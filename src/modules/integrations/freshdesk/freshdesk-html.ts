// Freshdesk keeps descriptions and notes as HTML (`description`, `body`) beside their plain text
// (`description_text`, `body_text`); `{{ticket.description}}` in a webhook body renders the HTML.

/** Plain text as HTML: escaped, one `<br>` per line break. */
export function textToHtml(text: string): string {
  const escaped = text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return `<div>${escaped.split('\n').join('<br>')}</div>`;
}

/** The text of simple HTML: line breaks for `<br>` and block ends, tags dropped, entities read. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h\d)>\s*(?=.)/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replaceAll('&nbsp;', ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .trim();
}
