/**
 * The identity provider's few server-rendered pages: sign in, first-administrator setup, sign out
 * and errors. Each is one small HTML document with its style inline and no script or external
 * asset, so it loads in one round trip on a slow link.
 */

const STYLE =
  'body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;color:#1d2330}' +
  'main{max-width:22rem;margin:3rem auto;background:#fff;padding:1.5rem;border-radius:6px;box-shadow:0 1px 3px #0003}' +
  'h1{font-size:1.3rem;margin:0 0 1rem}label{display:block;margin:.8rem 0 .2rem}' +
  'input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #99a;border-radius:4px}' +
  'button{margin-top:1.2rem;width:100%;padding:.6rem;font-size:1rem;background:#1f5fa8;color:#fff;border:0;border-radius:4px}' +
  'button.secondary{background:#667}.error{background:#fde8e8;color:#8a1c1c;padding:.5rem;border-radius:4px}';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(title)} - Lastmile</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function errorBox(message?: string): string {
  return message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : '';
}

export function loginPage(options: { action: string; abort: string; username?: string; error?: string; client?: string }): string {
  const intro = options.client ? `<p>to continue to ${escapeHtml(options.client)}</p>` : '';
  return page(
    'Sign in',
    `<h1>Sign in to Lastmile</h1>${intro}${errorBox(options.error)}` +
      `<form method="post" action="${escapeHtml(options.action)}" autocomplete="on">` +
      `<label for="username">Username</label><input id="username" name="username" required autofocus autocapitalize="none" autocomplete="username" value="${escapeHtml(options.username ?? '')}">` +
      `<label for="password">Password</label><input id="password" name="password" type="password" required autocomplete="current-password">` +
      `<button type="submit">Sign in</button></form>` +
      `<form method="post" action="${escapeHtml(options.abort)}"><button class="secondary" type="submit">Cancel</button></form>`,
  );
}

export function setupPage(options: { action: string; error?: string; done?: boolean }): string {
  if (options.done) return page('Setup complete', '<h1>Setup complete</h1><p>The administrator can now sign in with the new password.</p><p><a href="/">Go to Lastmile</a></p>');
  return page(
    'Set up the administrator',
    `<h1>Set the administrator's password</h1><p>Enter the setup token printed when Lastmile started.</p>${errorBox(options.error)}` +
      `<form method="post" action="${escapeHtml(options.action)}">` +
      `<label for="token">Setup token</label><input id="token" name="token" required autocomplete="off">` +
      `<label for="password">New password</label><input id="password" name="password" type="password" required minlength="8" autocomplete="new-password">` +
      `<button type="submit">Set password</button></form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">Go to Lastmile</a></p>`);
}

/** oidc-provider's sign-out confirmation: its form (with the anti-forgery token) plus our buttons. */
export function logoutPage(form: string, host: string): string {
  return page(
    'Sign out',
    `<h1>Sign out of ${escapeHtml(host)}?</h1>${form}` +
      '<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>' +
      '<button class="secondary" type="submit" form="op.logoutForm">No, stay signed in</button>',
  );
}
