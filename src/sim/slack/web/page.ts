// The sandbox page's HTML shell: the banner and the styles. Everything after the banner is drawn by
// client/main.ts from /ui/state and /ui/events.

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
<script type="module" src="/ui/app.js"></script>
</body>
</html>`;
}
