// The sandbox page's HTML shell: the banner, the regions the browser code fills in, and the styles.
// Everything dynamic is drawn by client/main.ts from /ui/state and /ui/events.

export function pageHtml(styles: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Latchkey sandbox</title>
<link rel="icon" href="data:,">
<style>${styles}</style>
</head>
<body>
<header class="banner" role="note">
  <strong>Latchkey sandbox.</strong>
  Slack and IAM Identity Center are simulated in this process; the Latchkey bot and its sweeper are the real ones.
  <span class="banner-hint">Try it: pick <b>Alice</b>, type <code>/access prod-read 2m checking logs</code>, then switch to <b>Bob</b> and approve.</span>
  <span class="banner-hint">Each person's desk is under Apps › <b>Latchkey · Home</b>. Alice is on call in the simulated PagerDuty: her <code>/access oncall-admin 30m paged</code> is approved at once.</span>
</header>
<div class="app">
  <nav class="sidebar" aria-label="Channels">
    <div class="workspace-name" id="workspace-name">Latchkey sandbox</div>
    <label class="you-are">You are
      <select id="you-are" aria-label="You are"></select>
    </label>
    <div class="sidebar-section">Channels</div>
    <ul id="channel-list" class="channel-list"></ul>
    <div class="sidebar-section">Direct messages</div>
    <ul id="dm-list" class="channel-list"></ul>
    <div class="sidebar-section">Apps</div>
    <ul id="app-list" class="channel-list"></ul>
  </nav>
  <main class="channel" aria-label="Channel">
    <header class="channel-header" id="channel-header"></header>
    <div class="messages" id="messages" aria-live="polite"></div>
    <form class="composer" id="composer" autocomplete="off">
      <textarea id="composer-input" rows="1" aria-label="Message" placeholder="Message"></textarea>
      <button type="submit" class="composer-send" aria-label="Send">➤</button>
    </form>
  </main>
  <aside class="thread" id="thread" aria-label="Thread" hidden></aside>
  <aside class="ic-panel" id="ic-panel" aria-label="IAM Identity Center"></aside>
</div>
<div class="modal-backdrop" id="modal-root" hidden></div>
<div class="reaction-menu" id="reaction-menu" role="menu" hidden></div>
<div class="toasts" id="toasts" aria-live="assertive"></div>
<script type="module" src="/ui/app.js"></script>
</body>
</html>`;
}
