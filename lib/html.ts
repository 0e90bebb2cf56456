// Text placed into HTML: every server-rendered page (the OAuth outcome pages, the emulator's consent page)
// escapes through this one function, so names that come from Clever or users never become markup.

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character,
  );
}
