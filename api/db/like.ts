/** A user's text inside a LIKE/ILIKE pattern matches itself: %, _ and the escape character are escaped. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
